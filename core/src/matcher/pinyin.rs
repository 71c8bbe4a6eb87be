//! Toneless pinyin syllables of the 3,755 GB2312 level-1 characters, for homophone typos.
//!
//! Pinyin input methods make citizens pick the wrong character of the right sound: 社宝 for 社保, 公基金 for
//! 公积金, 签住 for 签注. The matcher therefore also indexes each bigram by its two syllables. Each character
//! has its most common reading only; characters outside the table (rare ones) stand for themselves.
//! Generated with the Python package `pypinyin` (`lazy_pinyin`, `Style.NORMAL`).
//!
//! The table is written out readably as `GROUPS` (homophone groups in syllable order, a group's position
//! being its syllable id). The browser gets it packed ([`TABLE`], `pinyin.bin`: 6.8 KB, 6.2 KB gzipped
//! against 8.5 KB for the text): a bitmap of which characters of U+4E00..U+9FA5 are in the table, then each
//! one's syllable id in 9 bits, in code point order. A test checks that the packed table is exactly
//! `GROUPS`; after editing `GROUPS`, `BANGBAN_WRITE_PINYIN=1 cargo test -p bangban-core pinyin` writes
//! it again.

/// First code point of the table's range.
const BASE: u32 = 0x4E00;
/// Code points in the range (U+4E00..=U+9FA5, where all of GB2312 level 1 lies).
const SPAN: usize = 0x9FA6 - 0x4E00;
/// Bits of a syllable id.
const ID_BITS: u32 = 9;
/// The packed table (see the module's documentation).
const TABLE: &[u8] = include_bytes!("pinyin.bin");

/// The syllable of each character of the table, by code point.
pub(super) struct Syllables {
    /// Syllable id + 1 by `c - BASE`; 0 for characters outside the table.
    ids: Vec<u16>,
}

impl Syllables {
    /// Unpacks [`TABLE`].
    pub(super) fn new() -> Syllables {
        let (bitmap, packed) = TABLE.split_at(SPAN.div_ceil(8));
        let mut ids = vec![0u16; SPAN];
        let mut bit = 0usize;
        for (k, id) in ids.iter_mut().enumerate() {
            if bitmap[k / 8] >> (k % 8) & 1 == 0 {
                continue;
            }
            let mut value = 0u16;
            for b in 0..ID_BITS as usize {
                let at = bit + b;
                value |= u16::from(packed[at / 8] >> (at % 8) & 1) << b;
            }
            bit += ID_BITS as usize;
            *id = value + 1;
        }
        Syllables { ids }
    }

    /// The syllable id of `c`, if the table has it.
    pub(super) fn get(&self, c: char) -> Option<u16> {
        let k = (c as u32).checked_sub(BASE)? as usize;
        self.ids.get(k).and_then(|&id| id.checked_sub(1))
    }
}

/// Homophone groups in syllable order (a, ai, an, ang, ao, ba ...), separated by single spaces.
#[cfg(test)]
const GROUPS: &str = "\
    啊阿 哀哎唉埃挨爱癌皑矮碍艾蔼隘 俺安岸按暗案氨胺鞍 \
    昂盎肮 傲凹奥懊敖澳熬翱袄 \
    八叭吧坝巴扒把拔捌爸疤笆罢耙芭跋霸靶 佰拜摆柏白百稗败 \
    伴办半扮扳拌搬斑板版班瓣绊般颁 傍帮梆棒榜磅绑膀蚌谤邦镑 \
    保包堡宝报抱暴爆胞苞薄褒豹雹饱鲍 \
    倍北卑备悲惫杯焙狈碑背被贝辈钡 奔本笨苯 崩泵甭绷蹦迸 \
    壁币庇弊彼必敝比毕毖毙痹碧笔臂蓖蔽逼避鄙闭陛鼻 \
    便卞变扁编贬辨辩辫边遍鞭 彪标膘表 别憋瘪鳖 宾彬摈斌滨濒 \
    丙兵冰并柄炳病秉饼 \
    伯剥勃博卜帛拨搏播波渤玻箔脖膊舶菠钵铂驳 \
    不哺埠布怖捕步簿补部 擦 彩才材猜睬菜蔡裁财踩采 \
    参惨惭掺残灿蚕餐 仓沧舱苍藏 操曹槽糙草 侧册厕测策 \
    层曾蹭 叉察岔差插搽查碴茬茶诧 拆柴豺 产搀缠蝉谗铲阐颤馋 \
    倡偿厂唱场尝常敞昌猖畅肠 吵嘲巢抄朝潮炒超钞 彻扯掣撤澈车 \
    尘忱晨沉臣衬趁辰郴陈 乘呈城惩成承撑橙澄秤称程诚逞骋 \
    侈吃尺弛持斥池炽痴翅耻赤迟驰齿 充冲宠崇虫 \
    丑仇愁抽畴瞅稠筹绸臭踌酬 \
    储出初厨处搐楚橱滁畜矗础触躇锄除雏 揣 串传喘川椽穿船 \
    创幢床疮窗闯 吹垂捶椎炊锤 唇春椿淳纯蠢醇 戳绰 \
    伺刺慈次此瓷疵磁茨词赐辞雌 丛从匆囱聪葱 凑 促簇粗醋 \
    窜篡蹿 催崔摧淬瘁粹翠脆 存寸村 挫措搓撮磋错 \
    大打搭瘩答达 代傣呆带待怠戴歹殆袋贷逮 \
    丹但单弹惮担掸旦氮淡耽胆蛋诞郸 党当挡档荡 \
    倒刀到导岛悼捣盗祷稻蹈道 得德的 凳灯登瞪等蹬邓 \
    低地堤嫡帝底弟抵敌涤滴狄笛第缔翟蒂迪递 \
    佃典垫奠店惦掂殿淀滇点电甸碘靛颠 凋刁叼吊掉碉调钓雕 \
    叠爹碟蝶谍跌迭 丁叮定盯订钉锭顶鼎 丢 \
    东侗冬冻动恫懂栋洞董 兜抖斗痘豆逗都陡 \
    堵妒度杜毒渡犊独督睹肚读赌镀 断段短端缎锻 兑堆对队 \
    吨囤墩敦盾蹲遁钝顿 剁哆垛堕多夺惰掇朵舵跺躲 \
    俄厄娥峨恶扼蛾讹遏鄂额饿鹅 恩 二儿尔洱而耳贰饵 \
    乏伐发法珐筏罚阀 凡反帆樊泛烦犯番矾繁翻范藩贩返钒饭 \
    仿坊妨房放方纺肪芳访防 匪吠啡废沸肥肺菲诽费非飞 \
    份分吩坟奋忿愤氛汾焚粉粪纷芬酚 \
    丰冯凤奉封峰枫烽疯缝蜂讽逢锋风 否 \
    付伏佛俘俯傅副咐复夫妇孵富幅府弗扶抚拂敷斧服氟浮涪父甫福符缚肤腐腑腹袱覆讣负赋赴辅辐釜阜附 \
    嘎噶 改概溉盖该钙 干感敢杆柑甘秆竿肝赣赶 \
    冈刚岗杠港纲缸肛钢 告搞皋稿篙糕羔膏镐高 \
    个割各咯哥戈搁格歌疙胳葛铬阁隔革鸽 给 根跟 \
    埂庚更梗羹耕耿 供公共功宫工巩弓恭拱攻汞贡躬龚 \
    勾垢够构沟狗苟购钩 估古咕固姑孤故沽箍股菇蛊谷辜雇顾骨鼓 \
    刮剐寡挂瓜褂 乖怪拐 关冠官惯棺灌管罐观贯馆 光广逛 \
    傀刽圭归柜桂炔瑰癸硅规诡贵跪轨闺鬼龟 棍滚辊 国果裹过郭锅 \
    哈蛤 亥孩害氦海还骇骸 \
    函含喊寒悍憨憾捍撼旱汉汗涵焊罕翰邯酣韩 夯杭航 \
    号嚎壕好毫浩耗豪貉郝 何合呵和喝核河涸盒禾荷菏褐贺赫阂鹤 \
    嘿黑 很恨狠痕 亨哼恒横衡 哄宏弘洪烘红虹轰鸿 \
    侯候厚后吼喉猴 乎互呼唬壶弧忽户护沪湖狐瑚糊胡葫虎蝴 \
    划化华哗滑猾画花话 坏徊怀槐淮 唤宦幻患换桓欢涣焕环痪缓豢 \
    凰幌恍惶慌晃煌皇磺簧荒蝗谎黄 \
    会卉回徽恢悔惠慧挥晦毁汇灰烩秽绘蛔讳诲贿辉 婚昏浑混荤魂 \
    伙惑或活火祸获豁货霍 \
    伎冀几击剂即及吉圾基妓姬嫉季寂寄己忌急悸技挤既机极棘汲济激畸疾祭积稽箕籍级纪继绩缉肌脊蓟藉计讥记辑迹际集饥鸡 \
    价佳假加嘉夹嫁家架枷甲稼茄荚贾钾颊驾 \
    件俭健兼减剑剪坚奸尖建拣捡柬检歼涧渐溅煎监硷碱笺简箭缄肩舰艰茧荐见贱践鉴键间饯 \
    僵匠奖姜将桨江浆疆蒋讲酱降 \
    交侥剿叫娇搅教椒浇焦狡矫礁窖绞缴胶脚蕉角轿较郊酵铰饺骄 \
    介借劫姐届戒截捷接揭杰洁界疥皆睫秸竭结节芥街解诫阶 \
    仅今劲尽巾斤晋津浸烬禁筋紧襟谨近进金锦靳 \
    井京兢净境径惊敬景晶痉睛竞竟粳精经茎荆警镜靖静颈鲸 炯窘 \
    久九厩咎就揪救旧灸玖疚究纠臼舅酒韭 \
    举俱具剧句咀局居巨惧拒拘据桔沮炬狙疽矩聚菊距踞锯鞠驹 \
    倦卷娟捐眷绢鹃 倔决嚼抉掘撅攫爵绝觉诀 \
    俊军君均峻浚竣菌郡钧骏 卡咖喀 凯开慨揩楷 刊勘坎堪槛看砍 \
    亢康慷扛抗炕糠 拷烤考靠 克刻可咳坷壳客柯棵渴磕科苛课颗 \
    啃垦恳肯 吭坑 孔恐控空 口寇扣抠 哭库枯窟苦裤酷 \
    垮夸挎胯跨 侩块快筷 宽款 况匡旷框狂眶矿筐 \
    亏奎岿愧溃盔窥葵馈魁 困坤捆昆 廓扩括阔 啦喇垃拉腊蜡辣 \
    来莱赖 兰婪懒拦揽栏滥澜烂篮缆蓝览谰阑 廊朗榔浪狼琅郎 \
    佬劳姥捞涝潦烙牢老酪 乐了肋 儡勒垒擂泪磊类累蕾镭雷 \
    冷棱楞 \
    丽例俐傈利力励历厉厘吏哩李栗梨沥漓犁狸理璃痢砾礼离立篱粒荔莉里隶鲤黎 \
    俩 帘廉怜恋敛涟炼练联脸莲连链镰 两亮凉晾梁粮粱良谅辆量 \
    僚寥廖撂撩料燎疗聊辽镣 列劣烈猎裂 \
    临凛吝拎林淋琳磷赁邻霖鳞 令伶凌另岭灵玲羚菱铃陵零领龄 \
    六刘柳榴流溜琉留瘤硫馏 咙垄拢窿笼聋陇隆龙 娄搂楼漏篓陋 \
    卢卤庐录戮掳潞炉碌禄芦虏赂路陆露颅鲁鹿麓 乱卵孪峦挛滦 \
    仑伦抡沦纶论轮 洛箩络罗萝落螺裸逻锣骆骡 \
    侣吕屡履律旅氯滤率绿缕虑铝驴 掠略 吗嘛妈玛码蚂马骂麻 \
    买卖埋脉迈麦 慢曼满漫瞒蔓蛮谩馒 忙氓盲芒茫莽 \
    冒卯帽毛猫矛茂茅貌贸铆锚 么 \
    妹媒媚寐昧枚梅每没煤玫眉美酶镁霉 们门闷 孟梦檬猛盟萌蒙锰 \
    密幂弥泌眯秘米糜蜜觅谜迷醚靡 免冕勉娩棉眠绵缅面 \
    妙庙描渺瞄秒苗藐 灭蔑 悯抿敏民皿闽 名命明螟铭鸣 谬 \
    墨寞抹摩摸摹末模沫漠磨膜莫蘑陌魔默 某牟谋 \
    亩募墓姆幕慕拇暮木母牡牧目睦穆 呐哪娜拿纳那钠 乃奈奶氖耐 \
    南男难 囊 恼挠淖脑闹 呢 内馁 嫩 能 \
    你倪匿妮尼拟泥溺腻逆霓 年念拈捻撵碾蔫辗 娘酿 尿鸟 \
    啮孽捏涅聂镊镍 您 凝宁拧柠泞狞 扭牛纽钮 农弄浓脓 \
    努奴怒 暖 懦挪糯诺 女 疟虐 哦 偶呕欧殴沤藕鸥 \
    啪帕怕爬琶趴 徘拍排派湃牌 判叛攀潘畔盘盼磐 乓庞旁耪胖 \
    刨咆抛泡炮袍跑 佩呸培沛胚裴赔配陪 喷盆 \
    彭抨捧朋棚澎烹砰硼碰篷膨蓬鹏 \
    僻劈匹啤坯屁批披毗琵疲痞皮砒脾譬辟霹 偏片篇骗 漂瓢票飘 \
    撇瞥 品拼聘贫频 乒凭坪屏平瓶苹萍评 坡婆泊泼破粕迫颇魄 \
    剖 仆圃埔扑普曝朴浦瀑脯莆菩葡蒲谱铺 \
    七乞企其凄启器奇契妻岂崎弃戚旗期柒栖棋欺歧气汽沏泣漆畦砌祁祈脐讫起迄骑齐 \
    恰掐洽 乾仟前千堑嵌扦欠歉浅潜牵签谦谴迁遣钎钱钳铅黔 \
    呛墙强抢枪羌腔蔷 乔侨俏峭巧悄撬敲桥橇瞧窍翘锹鞘 且切怯窃 \
    亲侵勤寝擒沁琴禽秦芹钦 倾卿庆情擎晴氢氰清请轻青顷 琼穷 \
    丘囚求泅球秋邱酋 区去取娶屈曲渠蛆趋趣躯驱龋 \
    全券劝圈拳权泉犬痊醛颧 却榷瘸确缺雀鹊 群裙 冉染然燃 \
    嚷壤攘瓤让 扰绕饶 惹热 人仁任刃壬妊忍纫认韧 仍扔 日 \
    冗容戎溶熔绒茸荣蓉融 揉柔肉 乳儒入如孺汝茹蠕褥辱 软阮 \
    瑞蕊锐 润闰 弱若 撒洒萨 塞腮赛鳃 三伞叁散 丧嗓桑 \
    嫂扫搔骚 涩瑟色 森 僧 傻刹厦啥杀沙煞砂纱莎 晒筛 \
    删善山扇擅杉汕煽珊缮膳苫衫赡闪陕 上伤商墒尚晌裳赏 \
    勺哨少捎梢烧稍绍芍邵韶 奢射慑摄涉社舌舍蛇设赊赦 \
    什伸呻娠婶审慎沈深渗甚申砷神绅肾身 剩升圣声牲生甥盛省绳胜 \
    世事仕似使侍势匙十史嗜噬士失始实室尸屎市师式恃拭拾施时是柿氏湿狮矢石示虱蚀视誓识试诗适逝释食饰驶 \
    兽受售守寿手授收瘦首 \
    书叔墅孰属庶恕戍抒数暑曙术束枢树梳殊淑漱熟疏竖署舒蔬薯蜀赎输述黍鼠 \
    刷耍 帅摔甩衰 拴栓 双爽霜 水睡税谁 吮瞬舜顺 朔烁硕说 \
    丝司嗣嘶四寺巳思撕斯死私肆饲 宋怂松耸讼诵送颂 嗽搜擞艘 \
    俗僳塑宿溯粟素肃苏诉速酥 算蒜酸 岁碎祟穗绥虽遂隋随隧髓 \
    孙损笋 唆所梭琐索缩蓑锁 他塌塔她它挞獭踏蹋 \
    台太态抬汰泰胎苔酞 叹坍坛坦探摊檀毯滩潭炭痰瘫碳袒谈谭贪 \
    倘唐堂塘搪棠汤淌烫糖膛趟躺 套掏桃涛淘滔绦萄讨逃陶 特 \
    疼腾藤誊 体剃剔啼嚏屉惕提替梯涕踢蹄锑题 填天恬添甜田腆舔 \
    挑条眺跳迢 帖贴铁 亭停厅听庭廷挺汀烃艇 \
    同彤捅桐桶痛瞳童筒统通酮铜 偷头投透 \
    兔凸吐图土屠徒涂秃突途 团湍 推腿蜕褪退颓 吞屯臀 \
    唾妥托拓拖椭脱陀驮驼鸵 哇娃挖洼瓦蛙袜 外歪 \
    万丸婉完宛弯惋挽晚湾烷玩皖碗腕豌顽 亡妄往忘旺望枉汪王网 \
    为伟伪位卫危味唯喂围委威尉尾巍微惟慰未桅渭潍畏纬维胃苇萎蔚谓违韦魏 \
    吻文温瘟稳紊纹蚊问闻 嗡瓮翁 卧我挝握斡沃涡窝蜗 \
    乌五伍侮务勿午吴吾呜坞屋巫悟戊捂无晤梧武毋污物舞芜诬误钨雾 \
    习吸喜嘻夕媳希席息悉惜戏昔晰析檄汐洗溪烯熄熙牺犀矽硒稀系细膝袭西铣锡隙 \
    下侠匣吓夏峡暇狭瞎虾辖霞 \
    仙先县咸嫌宪弦掀显涎献现纤线羡腺舷衔贤锨闲限险陷馅鲜 \
    乡享像厢向响巷想橡湘相祥箱翔襄详象镶项香 \
    哮啸嚣孝宵小效晓校消淆硝笑肖萧销霄 \
    些写协卸屑懈挟携斜械楔歇泄泻胁蝎蟹谐谢邪鞋 \
    信心忻新欣芯薪衅辛锌 兴刑型姓幸形性惺星杏猩腥行邢醒 \
    兄凶匈汹熊胸雄 休修嗅朽秀绣羞袖锈 \
    叙吁嘘墟婿序徐恤戌旭絮绪续蓄虚许酗需须 \
    喧宣悬旋玄癣眩绚轩选 削学穴薛血雪靴 \
    勋寻巡循旬殉汛熏训讯询迅逊驯 \
    丫亚压呀哑崖押涯牙芽蚜衙讶轧雅鸦鸭 \
    严厌咽唁堰奄宴岩延彦掩沿淹演炎烟焉焰燕盐眼研砚艳蜒衍言谚阉阎雁颜验 \
    仰佯养央扬杨样殃氧洋漾疡痒秧羊阳鸯 \
    咬妖姚尧摇瑶窑耀腰舀药要谣遥邀钥 \
    业也冶叶噎夜掖曳椰液爷耶腋野页 \
    一义乙亦亿以仪伊依倚医壹夷姨宜屹已异彝役忆意抑揖易椅毅沂溢疑疫益矣移绎翌翼肄胰臆艺蚁衣裔议译诣谊逸遗邑铱颐 \
    印吟因姻寅尹引殷淫茵荫银阴隐音饮 \
    婴应影映樱盈硬缨英荧莹萤营蝇赢迎颖鹰 哟 \
    佣勇咏庸恿拥永泳涌用痈臃蛹踊雍 \
    优佑又友右尤幼幽忧悠有油游犹由诱邮酉釉铀 \
    与予于余俞喻域娱宇寓屿峪御愈愉愚榆欲浴淤渔渝狱玉盂禹羽育舆芋虞裕誉语豫迂逾遇郁隅雨预驭鱼 \
    元冤原员园圆垣怨愿援渊源猿缘苑袁辕远院鸳 \
    岳悦曰月粤约越跃阅 云允匀孕晕耘蕴运郧酝陨韵 匝咋杂砸 \
    仔再哉在宰栽灾载 咱攒暂赞 脏葬赃 \
    凿噪早枣澡灶燥皂糟藻蚤躁造遭 则择泽责 贼 怎 增憎赠 \
    乍喳扎札柞栅榨渣炸眨诈铡闸 债宅寨摘斋窄 \
    占展崭战斩栈毡沾湛盏瞻站粘绽蘸詹 \
    丈仗帐张彰掌杖樟涨漳瘴章胀账长障 兆召找招昭沼照爪罩肇赵 \
    哲折浙着者蔗蛰辙这遮锗 侦帧振斟枕珍甄疹真砧臻诊贞针镇阵震 \
    争征怔拯挣政整正狰症睁蒸证郑 \
    之侄值制只吱址峙帜志执指挚掷支旨智枝植止殖汁治滞炙痔直知秩稚窒纸织置职肢脂至致芝蜘质趾 \
    中仲众忠盅种终肿衷重钟 周咒宙州帚昼洲皱粥肘舟诌轴骤 \
    主住助嘱拄朱柱株注烛煮猪珠瞩祝竹筑著蛀蛛诛诸贮逐铸驻 抓 \
    拽 专撰砖篆赚转 壮妆庄撞桩状装 坠缀赘追锥 准谆 \
    卓啄拙捉桌浊灼茁酌 兹咨姿子字孜淄渍滋滓籽紫自资 \
    宗总棕纵综踪鬃 奏揍走邹 卒族祖租组诅足阻 纂钻 嘴最罪醉 \
    尊遵 佐作做坐左座昨琢";

#[cfg(test)]
mod tests {
    use super::*;

    /// [`GROUPS`] packed as [`TABLE`] is.
    fn pack(groups: &str) -> Vec<u8> {
        let mut ids = vec![None; SPAN];
        for (id, group) in groups.split(' ').enumerate() {
            for c in group.chars() {
                let k = c as usize - BASE as usize;
                assert!(ids[k].is_none(), "{c} is in two groups");
                ids[k] = Some(id as u32);
            }
        }
        let mut bitmap = vec![0u8; SPAN.div_ceil(8)];
        let mut packed = Vec::new();
        let (mut bits, mut n) = (0u32, 0u32);
        for (k, id) in ids.iter().enumerate() {
            let Some(id) = id else { continue };
            assert!(*id < 1 << ID_BITS);
            bitmap[k / 8] |= 1 << (k % 8);
            bits |= id << n;
            n += ID_BITS;
            while n >= 8 {
                packed.push(bits as u8);
                bits >>= 8;
                n -= 8;
            }
        }
        if n > 0 {
            packed.push(bits as u8);
        }
        bitmap.extend(packed);
        bitmap
    }

    #[test]
    fn the_packed_table_is_the_groups() {
        let packed = pack(GROUPS);
        if std::env::var_os("BANGBAN_WRITE_PINYIN").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/matcher/pinyin.bin");
            std::fs::write(path, &packed).expect("write pinyin.bin");
            return;
        }
        assert!(
            packed == TABLE,
            "pinyin.bin is not GROUPS: write it again (see the module's doc)"
        );
        let syllables = Syllables::new();
        let mut count = 0;
        for (id, group) in GROUPS.split(' ').enumerate() {
            for c in group.chars() {
                assert_eq!(syllables.get(c), Some(id as u16), "{c}");
                count += 1;
            }
        }
        assert_eq!(count, 3755);
        assert_eq!(syllables.ids.iter().filter(|&&id| id > 0).count(), 3755);
    }

    #[test]
    fn homophones_share_a_syllable() {
        let s = Syllables::new();
        assert_eq!(s.get('宝'), s.get('保'));
        assert_eq!(s.get('基'), s.get('积'));
        assert_eq!(s.get('住'), s.get('注'));
        assert_ne!(s.get('住'), s.get('签'));
        assert!(s.get('宝').is_some());
        // Outside the table, and outside its range.
        assert_eq!(s.get('乂'), None);
        assert_eq!(s.get('a'), None);
        assert_eq!(s.get('\u{9FFF}'), None);
        assert_eq!(s.get('\u{20000}'), None);
    }
}
