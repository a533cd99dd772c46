/**
 * Chinese characters (Han ideographs) → Hanyu Pinyin, without tones.
 *
 * ICAO Doc 9303 has no Han table, and there is no Unihan database in this offline station. The
 * table below covers the characters of personal names: the surnames of the Baijiaxing list
 * and the other common surnames (about 490 characters with their traditional forms, those of the
 * compound surnames included), and the characters most used in given names and in Chinese
 * renderings of foreign names, in simplified and traditional forms (about 2,260 in all). Each
 * character has ONE reading, its reading in names where it has several (曾 ZENG, 单 SHAN, 解 XIE,
 * 区 OU, 仇 QIU, 朴 PIAO, 查 ZHA, 翟 ZHAI, 乐 LE); ü is written YU as in PRC passports since 2012 (GB/T 28039-2011:
 * 吕 LYU), with the older LU and LV as further forms. The table was typed for this module from
 * the Pinyin readings; it is not copied from a library.
 *
 * Further forms, after the Pinyin one:
 *   - a second reading for a few characters read two ways in names (乐 YUE, 长 ZHANG, 朝 ZHAO…);
 *   - the Wade–Giles, Cantonese (Hong Kong, Macau) and Hokkien/Teochew (Singapore, Malaysia,
 *     Philippines) spellings of the commonest surnames (陈 CHAN/TAN, 李 LEE, 张 CHANG/CHEUNG,
 *     黄 WONG/NG, 林 LAM/LIM…), plus the Korean spellings of 金 KIM and 朴 PARK. They are added to
 *     the character wherever it stands (a given name 林 also gets LAM). Wade–Giles and Cantonese
 *     spellings of given names (MAO TSE-TUNG, CHAN KONG-SANG) are not produced.
 * A character missing from the table makes the whole word untransliterated (kept as it is, as for
 * scripts without a table): a partial reading would be a different name.
 * Japanese names written in kanji get Chinese readings here (山田 SHANTIAN, not YAMADA): kanji
 * readings in Japanese names need a name dictionary, so a kanji name does not meet its romaji.
 * Korean names in hanja likewise get Pinyin (金正恩 JIN ZHENG EN; 金 also KIM).
 */

/** Pinyin syllable (ü written V), then the characters read so in names. One reading each. */
const READINGS = `
a 阿啊
ai 艾爱愛蔼藹霭靄碍皑皚哀埃瑷璦
an 安岸案暗庵鞍谙諳桉
ang 昂盎
ao 敖奥奧傲澳翱遨骜驁熬
ba 巴八霸拔芭坝壩跋
bai 白百柏佰拜摆擺
ban 班斑般板半伴颁頒扳
bang 帮幫榜棒傍梆邦
bao 包宝寶保鲍鮑豹报報褒暴葆苞堡饱飽
bei 贝貝北蓓倍备備悲碑杯背辈輩焙
ben 本贲賁奔笨
beng 崩蹦
bi 毕畢碧必弼璧壁比笔筆币幣闭閉秘庇毖陛敝蔽弊
bian 边邊卞变變汴辨辩辯鞭遍扁
biao 彪标標镖鏢飙飆表
bie 别別
bin 宾賓彬斌滨濱缤繽豳
bing 冰兵丙秉炳并並柄饼餅邴
bo 博伯波勃渤泊薄帛钵缽铂鉑搏驳駁舶
bu 卜步布部不补補埠
cai 蔡才财財彩采菜裁材
can 灿燦璨参參残殘蚕蠶惨慘
cang 苍蒼仓倉沧滄藏
cao 曹草操槽
ce 策册冊侧側测測
cen 岑
ceng 层層
cha 茶察差插
chai 柴钗釵
chan 婵嬋蝉蟬禅禪蟾产產缠纏阐闡
chang 常昌长長畅暢唱倡场場肠腸尝嘗厂廠敞嫦
chao 超朝潮巢晁抄
che 车車彻徹澈
chen 陈陳晨辰臣沉谌諶琛郴忱宸尘塵趁
cheng 程成城诚誠承澄呈乘橙骋騁丞铖鋮称稱惩懲
chi 池迟遲赤驰馳持弛齿齒炽熾尺吃痴
chong 崇冲沖充宠寵种種虫蟲
chou 丑醜筹籌愁酬
chu 楚储儲褚初出础礎处處厨廚触觸除
chuan 川传傳船钏釧穿串
chuang 创創窗闯闖床
chui 垂吹
chun 春纯純淳椿醇唇
ci 慈词詞辞辭次赐賜瓷此刺茨
cong 丛叢从從聪聰葱蔥琮淙
cu 促粗
cui 崔翠萃璀粹脆
cun 村存寸
cuo 措错錯
da 达達大答笪打
dai 戴代岱带帶黛玳待袋逮
dan 丹旦但淡诞誕聃担擔胆膽蛋郸鄲
dang 党黨当當荡蕩
dao 道刀岛島稻导導到倒蹈
de 德得
deng 邓鄧登灯燈等
di 狄迪邸帝地第弟笛娣荻蒂底抵递遞堤
dian 典点點殿电電甸店淀
diao 刁雕钓釣
die 蝶叠疊
ding 丁鼎定顶頂订訂
dong 董东東冬栋棟洞动動懂
dou 窦竇斗豆
du 杜独獨笃篤度督渡读讀堵毒都
duan 段端锻鍛短断斷
dui 对對队隊
dun 敦顿頓盾墩
duo 多朵铎鐸夺奪
e 鄂娥峨俄鹅鵝额額
en 恩
er 尔爾二儿兒耳洱
fa 法发發
fan 范範樊凡帆繁梵藩番反返饭飯
fang 方房芳放舫仿防坊访訪
fei 费費飞飛菲非斐妃肥霏绯緋
fen 芬汾分奋奮粉份
feng 冯馮封丰豐凤鳳风風峰锋鋒枫楓奉逢蜂沣灃酆峯
fo 佛
fu 傅付符富福甫夫伏扶浮府辅輔复復阜芙馥赋賦孚苻父弗服腹覆抚撫
gai 盖蓋改该該
gan 甘干幹淦赣贛感敢杆
gang 刚剛钢鋼港岗崗纲綱
gao 高郜皋告杲稿膏
ge 葛戈格歌阁閣革鸽鴿个個
gen 根艮跟
geng 耿庚更
gong 龚龔宫宮公弓巩鞏贡貢功恭工攻
gou 苟缑緱勾沟溝构構
gu 顾顧古谷骨鼓固孤姑辜故
gua 瓜
guan 关關管官冠观觀贯貫
guang 光广廣
gui 桂贵貴归歸鬼龟龜规規
gun 滚滾衮袞
guo 郭国國果过過
ha 哈
hai 海亥
han 韩韓汉漢寒含函涵翰晗罕瀚菡憨
hang 杭航
hao 郝浩豪好昊皓颢顥灏灝号號
he 何贺賀和河合荷赫鹤鶴禾
hei 黑
hen 很
heng 衡恒亨横橫
hong 洪红紅宏鸿鴻弘虹泓闳閎
hou 侯候后後厚
hu 胡湖虎户戶扈呼忽瑚葫护護狐
hua 华華花化桦樺骅驊画畫滑
huai 怀懷淮槐
huan 桓环環欢歡焕煥幻宦
huang 黄黃皇凰煌璜
hui 惠辉輝慧会會回晖暉徽绘繪卉蕙汇匯
hun 魂婚
huo 霍火获獲
ji 纪紀吉季姬嵇计計冀稽基济濟继繼记記辑輯籍极極集蓟薊机機积積击擊几幾技既即寄暨汲玑璣骥驥
jia 贾賈家嘉佳郏郟甲夹夾加伽
jian 简簡蹇剑劍建健坚堅鉴鑒俭儉见見兼件间間监監
jiang 江姜蒋蔣将將疆降匠
jiao 焦娇嬌蛟皎交郊骄驕教姣
jie 杰傑洁潔捷节節介界婕街接姐结結揭
jin 金晋晉靳锦錦津进進近劲勁谨謹今瑾
jing 景井荆荊京经經晶静靜敬精靖竟境璟菁
jiong 炯
jiu 九久玖酒旧舊就
ju 鞠居菊巨举舉局驹駒琚聚
juan 娟鹃鵑卷捐
jue 觉覺爵珏
jun 君军軍俊峻骏駿钧鈞浚
ka 卡
kai 开開凯凱楷恺愷
kan 阚闞看
kang 康亢抗
kao 考
ke 柯可克科珂轲軻
kong 孔空
kou 寇
ku 库庫
kuai 蒯
kuan 宽寬
kuang 匡况況邝鄺
kui 奎魁葵夔
kun 昆坤琨鲲鯤
kuo 阔闊
la 拉
lai 赖賴来來莱萊
lan 兰蘭蓝藍岚嵐澜瀾栏欄烂爛
lang 郎朗浪琅
lao 劳勞老
le 乐樂勒
lei 雷磊蕾垒壘
leng 冷
li 李黎历歷利丽麗立理力莉礼禮里厉厲励勵栗郦酈俐荔璃离離
lian 连連廉练練莲蓮怜憐联聯炼煉
liang 梁良亮凉涼量两兩粱靓靚
liao 廖辽遼寥了
lie 烈列
lin 林蔺藺霖琳麟临臨淋璘
ling 凌玲铃鈴灵靈龄齡令岭嶺菱羚翎
liu 刘劉柳留流琉六浏瀏
long 龙龍隆珑瓏
lou 楼樓娄婁
lu 陆陸卢盧鲁魯路露禄祿鹿芦蘆炉爐璐逯
luan 栾欒峦巒
lun 伦倫轮輪
luo 罗羅骆駱洛落络絡
lv 吕呂律绿綠旅侣侶闾閭
ma 马馬麻玛瑪
mai 麦麥迈邁
man 满滿曼蔓漫
mao 毛茅冒茂卯
mei 梅美媚玫眉枚妹
men 门門
meng 孟蒙梦夢萌盟猛
mi 米宓密糜弥彌
mian 勉绵綿
miao 苗缪繆妙淼
min 闵閔敏民珉旻岷
ming 明名鸣鳴铭銘茗
mo 莫墨默茉漠磨
mou 牟谋謀
mu 穆木牧慕沐幕睦姆
na 那娜纳納
nai 乃耐奈佴
nan 南楠男
neng 能
ni 倪尼妮霓
nian 年念
niang 娘
nie 聂聶乜
ning 宁寧凝甯
niu 牛纽紐钮鈕
nong 农農
nuan 暖
nuo 诺諾
nv 女
ou 欧歐区區鸥鷗
pan 潘盘盤攀磐
pang 庞龐逄
pei 裴佩培沛
peng 彭鹏鵬朋蓬澎
pi 皮
piao 朴飘飄
pin 品
ping 平萍屏苹蘋
po 珀
pu 蒲浦普溥璞濮
qi 齐齊戚祁漆其奇琪棋旗骐騏麒启啟起岐淇琦祺绮綺亓俟七
qian 钱錢千迁遷谦謙倩芊前茜乾
qiang 强強羌蔷薔
qiao 乔喬谯譙巧桥橋
qie 切
qin 秦钦欽覃勤琴沁芹
qing 青庆慶清晴卿擎情
qiong 琼瓊穹
qiu 邱丘秋仇裘球
qu 曲屈瞿渠趣璩
quan 全权權泉
que 阙闕鹊鵲卻
qun 群
ran 冉然
rang 壤
rao 饶饒
ren 任仁人韧韌
ri 日
rong 荣榮容融蓉戎嵘嶸榕
rou 柔
ru 茹汝如儒
ruan 阮
rui 芮瑞睿蕊锐銳
run 润潤
ruo 若
sa 萨薩
sai 赛賽
san 三
sang 桑
sen 森
sha 沙莎
shan 单單山善珊杉闪閃姗
shang 尚商上赏賞
shao 邵绍紹少韶
she 佘舍社厍厙舌
shen 沈申慎深神莘绅紳
sheng 盛胜勝生圣聖升晟
shi 石史时時施师師世实實士诗詩仕轼軾十
shou 寿壽守首
shu 舒书書殊淑叔树樹蜀束殳
shuai 帅帥
shuang 双雙爽霜
shui 水
shun 顺順舜
shuo 硕碩朔
si 司斯思丝絲嗣驷駟四
song 宋松嵩颂頌
su 苏蘇素肃肅粟宿
sui 隋随隨岁歲穗
sun 孙孫
suo 索
ta 塔
tai 台邰泰太
tan 谭譚谈談坦檀澹潭
tang 唐汤湯堂棠
tao 陶涛濤桃韬韜
te 特
teng 滕腾騰
tian 田天添甜恬
tie 铁鐵
ting 婷廷亭庭霆
tong 童佟通同桐彤
tou 钭
tu 涂屠图圖土徒
tuo 拓托
wa 娃瓦
wan 万萬宛婉晚
wang 王汪旺望
wei 魏卫衛韦韋伟偉维維威薇蔚巍炜煒玮瑋纬緯为為唯危尉微隗
wen 温溫文闻聞雯纹紋
weng 翁
wo 沃
wu 吴吳武伍巫邬鄔乌烏毋午吾五悟务務
xi 习習席奚西希喜熙溪曦锡錫玺璽晰郗汐
xia 夏霞侠俠下
xian 冼先贤賢咸仙显顯宪憲娴嫻弦鲜鮮縣
xiang 项項向香湘祥翔相
xiao 萧蕭肖晓曉小孝筱啸嘯
xie 谢謝解
xin 辛新欣心信昕馨鑫
xing 邢刑星兴興幸行杏
xiong 熊雄
xiu 修秀绣繡
xu 徐许許胥须須旭序栩绪緒
xuan 宣轩軒玄璇萱暄璿
xue 薛雪学學
xun 荀寻尋勋勳迅逊遜
ya 亚亞雅娅婭
yan 严嚴颜顏闫閆言燕艳豔岩晏彦延阎閻妍鄢嫣琰雁艷
yang 杨楊阳陽洋扬揚羊仰养養
yao 姚尧堯耀瑶瑤遥遙曜
ye 叶葉夜冶耶晔曄
yi 易伊一艺藝义義亦依怡毅宜益仪儀翼谊誼弈奕逸羿懿乙亿億屹
yin 尹殷银銀印音因阴陰
ying 应應英莹瑩颖穎盈鹰鷹瑛莺鶯
yong 雍永勇咏
you 尤游优優有友佑幼右
yu 于余俞虞鱼魚禹宇玉羽郁雨裕钰鈺语語瑜渝愉毓豫煜昱喻庾於餘鬱屿嶼
yuan 袁元源远遠原媛园園苑渊淵圆圓辕轅瑗缘緣
yue 岳月越悦悅跃躍粤粵玥约約嶽
yun 云雲允芸韵韻运運昀
zai 宰
zan 赞贊昝
zang 臧
zao 早
ze 泽澤则則
zeng 曾增
zha 查
zhai 翟
zhan 詹湛展战戰
zhang 张張章彰仉璋
zhao 赵趙昭招照兆钊釗
zhe 哲
zhen 甄真珍振震贞貞桢楨
zheng 郑鄭正政征铮錚峥崢
zhi 支志智之芝植直致治芷
zhong 钟鍾鐘仲中忠终終众眾衆重
zhou 周舟洲州
zhu 朱祝诸諸竹珠铸鑄柱主筑築竺
zhuan 颛顓
zhuang 庄莊壮壯
zhuo 卓
zi 子紫梓姿訾兹茲
zong 宗
zou 邹鄒
zu 祖
zuo 左佐作
`;

/** Second readings in names, and romanisations of surnames other than Pinyin. */
const ALTERNATIVES: Record<string, readonly string[]> = {
  // characters read two ways in names
  乐: ['YUE'], 樂: ['YUE'], 长: ['ZHANG'], 長: ['ZHANG'], 重: ['CHONG'], 朝: ['ZHAO'], 行: ['HANG'],
  藏: ['ZANG'], 盖: ['GE'], 蓋: ['GE'], 尉: ['YU'], 翟: ['DI'], 单: ['DAN'], 單: ['DAN'], 曾: ['TSENG', 'TSANG', 'CENG'],
  解: ['JIE'], 区: ['QU'], 區: ['QU'], 仇: ['CHOU'], 查: ['CHA'], 传: ['ZHUAN'], 傳: ['ZHUAN'],
  都: ['DOU'], 茜: ['XI'], 柏: ['BO'], 秘: ['MI'], 覃: ['TAN'], 种: ['ZHONG'], 種: ['ZHONG'], 乾: ['GAN'],
  参: ['SHEN', 'CEN'], 參: ['SHEN', 'CEN'], 能: ['NAI'], 宿: ['XIU'], 会: ['KUAI'], 會: ['KUAI'],
  // surnames: Wade–Giles, Cantonese, Hokkien/Teochew (and Korean, Vietnamese) spellings
  陈: ['CHAN', 'TAN'], 陳: ['CHAN', 'TAN'], 李: ['LEE'], 张: ['CHANG', 'CHEUNG', 'TEO'], 張: ['CHANG', 'CHEUNG', 'TEO'],
  王: ['WONG', 'ONG'], 黄: ['WONG', 'NG', 'HWANG'], 黃: ['WONG', 'NG', 'HWANG'], 刘: ['LAU', 'LAO', 'LIEW'],
  劉: ['LAU', 'LAO', 'LIEW'], 林: ['LAM', 'LIM'], 吴: ['NG', 'GOH', 'WOO'], 吳: ['NG', 'GOH', 'WOO'],
  郑: ['CHENG', 'CHEUNG', 'TEH'], 鄭: ['CHENG', 'CHEUNG', 'TEH'], 周: ['CHOW', 'CHOU', 'CHEW'], 何: ['HO'],
  杨: ['YEUNG', 'YEO'], 楊: ['YEUNG', 'YEO'], 梁: ['LEUNG'], 赵: ['CHAO', 'CHIU'], 趙: ['CHAO', 'CHIU'],
  许: ['HSU', 'HUI', 'KOH'], 許: ['HSU', 'HUI', 'KOH'], 谢: ['HSIEH', 'TSE', 'CHIA'], 謝: ['HSIEH', 'TSE', 'CHIA'],
  徐: ['HSU', 'TSUI', 'CHEE'], 蔡: ['TSAI', 'CHOI', 'CHUA'], 郭: ['KUO', 'KWOK', 'QUEK'],
  邓: ['TENG', 'TANG'], 鄧: ['TENG', 'TANG'], 叶: ['YEH', 'YIP', 'YAP'], 葉: ['YEH', 'YIP', 'YAP'],
  罗: ['LO', 'LAW', 'LOH'], 羅: ['LO', 'LAW', 'LOH'], 高: ['KAO', 'KO', 'KOH'], 朱: ['CHU', 'CHOO'],
  胡: ['WU', 'OO'], 马: ['MAH'], 馬: ['MAH'], 孙: ['SUEN'], 孫: ['SUEN'], 宋: ['SUNG'], 冯: ['FUNG'], 馮: ['FUNG'],
  苏: ['SO', 'SOO'], 蘇: ['SO', 'SOO'], 卢: ['LO', 'LOO'], 盧: ['LO', 'LOO'], 蒋: ['CHIANG', 'CHEUNG'],
  蔣: ['CHIANG', 'CHEUNG'], 钟: ['CHUNG', 'CHONG'], 鍾: ['CHUNG', 'CHONG'], 鐘: ['CHUNG', 'CHONG'],
  萧: ['HSIAO', 'SIU'], 蕭: ['HSIAO', 'SIU'], 江: ['CHIANG', 'KONG'], 邱: ['CHIU', 'YAU', 'KHOO'],
  丘: ['CHIU', 'YAU', 'KHOO'], 廖: ['LIU', 'LIEW'], 潘: ['POON', 'PHUA'], 杜: ['TU', 'TO'], 戴: ['TAI'],
  袁: ['YUEN'], 彭: ['PANG', 'PHANG'], 程: ['CHING'], 崔: ['TSUI', 'CHOI'], 金: ['KIM', 'CHIN', 'KAM'],
  朴: ['PARK', 'PAK'], 沈: ['SHUM', 'SIM'], 邵: ['SIU'], 魏: ['NGAI'], 韩: ['HON'], 韓: ['HON'],
  唐: ['TONG'], 黎: ['LAI'], 龙: ['LUNG', 'LOONG'], 龍: ['LUNG', 'LOONG'], 侯: ['HAU'], 关: ['KUAN', 'KWAN'],
  關: ['KUAN', 'KWAN'], 游: ['YAU'], 陆: ['LUK'], 陸: ['LUK'], 莫: ['MOK'], 温: ['WAN', 'WUN'], 溫: ['WAN', 'WUN'],
  庄: ['CHUANG', 'CHONG'], 莊: ['CHUANG', 'CHONG'], 欧: ['AU'], 歐: ['AU'], 余: ['YUE', 'YEE'], 石: ['SHIH', 'SHEK'],
  孔: ['KUNG', 'HUNG'], 钱: ['CHIEN', 'CHIN'], 錢: ['CHIEN', 'CHIN'], 谭: ['TAM'], 譚: ['TAM'], 施: ['SHIH', 'SZE'],
  姚: ['YIU'], 方: ['FONG'], 汪: ['WONG'], 傅: ['FOO'], 邹: ['TSOU', 'CHOW'], 鄒: ['TSOU', 'CHOW'],
  熊: ['HSIUNG', 'HUNG'], 麦: ['MAK'], 麥: ['MAK'], 董: ['TUNG'], 雷: ['LUI'], 白: ['PAI', 'PAK'],
  秦: ['CHIN', 'CHUN'], 尹: ['WAN'], 薛: ['HSUEH', 'SIT'], 阮: ['YUEN', 'NGUYEN'], 翁: ['YUNG', 'ANG'],
  柯: ['KO', 'KOH'], 常: ['SHEUNG'], 邝: ['KWONG'], 鄺: ['KWONG'], 冼: ['SIN'], 岑: ['SHUM'],
};

/** Compound surnames (read as one name element on Latin documents: OUYANG, SIMA, ZHUGE). */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '歐陽', '司马', '司馬', '上官', '诸葛', '諸葛', '东方', '東方', '皇甫', '尉迟', '尉遲', '公孙', '公孫',
  '长孙', '長孫', '慕容', '夏侯', '令狐', '宇文', '司徒', '司空', '端木', '轩辕', '軒轅', '西门', '西門', '南宫',
  '南宮', '独孤', '獨孤', '申屠', '钟离', '鍾離', '闻人', '聞人', '赫连', '赫連', '澹台', '公羊', '濮阳', '濮陽',
  '淳于', '太叔', '呼延', '拓跋', '百里', '东郭', '東郭', '万俟', '萬俟', '闾丘', '閭丘', '左丘', '梁丘',
]);

/**
 * Single-character surnames (Baijiaxing and the other common ones, simplified and traditional):
 * used only to split a whole name written without spaces into surname and given name.
 */
const SURNAMES = new Set(
  [
    '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎',
    '鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄',
    '和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭',
    '梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚',
    '程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫',
    '宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴胥能苍双闻',
    '莘党翟谭贡劳逄姬申扶冉宰郦雍卻璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古',
    '易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋',
    '沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公冼覃闫佟邝麦练揭粟甘蒙黎岳帅况亓仉佴',
    '趙錢孫鄭馮陳衛蔣韓楊許呂張嚴華謝鄒蘇魯韋鳳費賀湯羅畢鄔樂時齊顧黃蕭貝臧計談龐紀項闕閔賈婁顏鍾鐘',
    '鄧龔聶單諸劉葉龍溫莊閻連歐關蘭盧陸鮑錢譚賴黃鄺麥練嶽帥車',
  ].join(''),
);

/** ü spellings: PRC passports (GB/T 28039-2011) write YU; LU and LV are older forms. */
function uForms(pinyin: string): string[] {
  if (!pinyin.includes('V')) return [pinyin];
  return [pinyin.replace(/V/g, 'YU'), pinyin.replace(/V/g, 'U'), pinyin];
}

const PINYIN = new Map<string, string>();
/** Characters listed under two syllables (the first wins): must stay empty, see the tests. */
export const HAN_TABLE_DUPLICATES: string[] = [];
for (const line of READINGS.split('\n')) {
  const [syllable, chars] = line.trim().split(/\s+/);
  if (!syllable || !chars) continue;
  for (const ch of chars) {
    if (PINYIN.has(ch)) HAN_TABLE_DUPLICATES.push(ch);
    else PINYIN.set(ch, syllable.toUpperCase());
  }
}

export function isHan(ch: string): boolean {
  return /\p{Script=Han}/u.test(ch);
}

/** The table's reading of one character (Pinyin, ü as V), or undefined. For tests and tools. */
export function hanReading(ch: string): string | undefined {
  return PINYIN.get(ch);
}

/** Number of characters in the table (for the tests and the README). */
export const HAN_TABLE_SIZE = PINYIN.size;

/** The single-character surnames listed for name splitting (for the tests). */
export const HAN_SURNAME_CHARACTERS: ReadonlySet<string> = SURNAMES;

/** All Latin forms of one character, Pinyin first; [] when the character is not in the table. */
function characterForms(ch: string): string[] {
  const p = PINYIN.get(ch);
  if (!p) return [];
  return [...uForms(p), ...(ALTERNATIVES[ch] ?? [])];
}

/**
 * Latin forms of a Han word. One character (what normalise.ts hands over: it splits Han names
 * into characters) gives its Pinyin and alternative forms; several characters give the joined
 * Pinyin first, then the joined form with each character's alternatives in turn (most useful
 * for the surname). [] when any character is missing from the table.
 */
export function transliterateHanWord(word: string, maxForms = 8): string[] {
  const chars = [...word].filter((ch) => !/\p{M}/u.test(ch));
  const per = chars.map(characterForms);
  if (per.length === 0 || per.some((f) => f.length === 0)) return [];
  const primary = per.map((f) => f[0]!).join('');
  const forms = [primary];
  per.forEach((f, i) => {
    for (const alt of f.slice(1)) {
      if (forms.length >= maxForms) return;
      const joined = per.map((g, j) => (j === i ? alt : g[0]!)).join('');
      if (!forms.includes(joined)) forms.push(joined);
    }
  });
  return forms;
}

/**
 * A Chinese full name written without spaces, split into surname and given name (习近平 →
 * 习 近平, 欧阳修 → 欧阳 修), for whole-string display. Words that do not start with a known
 * surname, or are longer than four characters, are returned whole.
 */
export function splitHanName(word: string): string[] {
  const chars = [...word];
  if (chars.length < 2 || chars.length > 4 || !chars.every(isHan)) return [word];
  const two = chars.slice(0, 2).join('');
  if (chars.length >= 3 && COMPOUND_SURNAMES.has(two)) return [two, chars.slice(2).join('')];
  if (SURNAMES.has(chars[0]!)) return [chars[0]!, chars.slice(1).join('')];
  return [word];
}
