"""Demo data of the client archive: every demo client's basic facts, industry and needs; brand files of
the strategic and key clients (brands, the client's organisation, competitors and their spend, ad volume,
past campaigns); and one account-executive handover signed by both people and the Client Service Head."""

import frappe
from frappe.utils import add_days, getdate, nowdate

from agency_service.demo.base import CITIES, EMAIL_DOMAIN, INDUSTRIES
from agency_service.signoff.engine import sign

# company-name ending → (industry, business scope, products, competitors, audience, preferred forms)
SECTORS = {
	"食品饮料有限公司": (
		"食品饮料",
		"饮料、预包装食品的生产与销售",
		("天然矿泉水", "无糖茶饮", "果汁饮料"),
		("清源饮品", "山泉集团", "悦活食品"),
		"18-35岁城市年轻消费者",
	),
	"汽车销售服务有限公司": (
		"汽车",
		"汽车整车及零配件销售、维修保养服务",
		("新能源SUV", "家用轿车", "售后保养套餐"),
		("驰远汽车", "众行汽贸", "安途新能源"),
		"25-45岁有购车需求的家庭用户",
	),
	"房地产开发有限公司": (
		"房地产",
		"房地产开发经营、物业管理",
		("滨江住宅项目", "城市综合体", "长租公寓"),
		("城建置业", "华府地产", "远景控股"),
		"30-50岁改善型购房家庭",
	),
	"日化用品有限公司": (
		"日化",
		"洗涤用品、化妆品的研发、生产与销售",
		("洗衣凝珠", "氨基酸洗面奶", "植萃洗发水"),
		("洁丽日化", "青禾个护", "蓝月亮家清"),
		"25-40岁女性家庭采购者",
	),
	"电子科技有限公司": (
		"消费电子",
		"电子产品、智能硬件的研发与销售",
		("智能手表", "降噪耳机", "扫地机器人"),
		("极客智能", "声动科技", "云米电子"),
		"18-35岁科技爱好者",
	),
	"连锁餐饮管理有限公司": (
		"餐饮",
		"餐饮管理、连锁经营、食品配送",
		("招牌火锅", "快餐套餐", "外卖小程序"),
		("蜀香餐饮", "味千家", "小满食堂"),
		"20-35岁都市白领",
	),
	"服饰有限公司": (
		"服装服饰",
		"服装、鞋帽的设计、生产与零售",
		("女装春夏系列", "运动休闲系列", "童装"),
		("衣尚集团", "步履体育", "森屿服饰"),
		"18-30岁时尚女性",
	),
	"家居用品有限公司": (
		"家居",
		"家具、家居用品的设计与销售",
		("实木家具", "智能床垫", "收纳用品"),
		("宜居家居", "木语家具", "梦享家纺"),
		"28-45岁新婚及改善型家庭",
	),
	"医药有限公司": (
		"医药健康",
		"药品批发零售、保健食品销售",
		("感冒冲剂", "维生素片", "医用口罩"),
		("康泰制药", "仁和堂", "百草医药"),
		"35-60岁关注健康的中老年人群",
	),
	"文化旅游发展有限公司": (
		"文化旅游",
		"旅游景区开发经营、文化活动策划",
		("古镇景区", "主题乐园", "研学旅行"),
		("山水文旅", "名城旅游", "游乐岛集团"),
		"亲子家庭及周边城市游客",
	),
	"乳业有限公司": (
		"乳制品",
		"乳制品生产与销售",
		("低温鲜奶", "儿童成长奶粉", "风味酸奶"),
		("牧野乳业", "晨光乳品", "草原牧歌"),
		"有孩家庭及25-40岁女性",
	),
	"银行股份有限公司": (
		"金融",
		"吸收公众存款、发放贷款、办理结算等商业银行业务",
		("信用卡", "手机银行", "理财产品"),
		("汇通银行", "兴业城商行", "鑫泰银行"),
		"25-55岁城市中高收入人群",
	),
}
MEDIA = ("TV", "Outdoor", "Digital", "Social Media")
HANDOVER_REASON = "客户专员内部调岗，客户交由新专员负责"


def sector_of(customer_name: str):
	ending = next((e for e in INDUSTRIES if customer_name.endswith(e)), INDUSTRIES[0])
	return SECTORS[ending]


def make_archive_demo(rng):
	make_industries()
	clients = frappe.get_all(
		"Customer",
		filters={"customer_name": ("like", "%有限公司")},
		fields=["name", "customer_name", "client_tier", "account_executive", "account_manager"],
		order_by="name asc",
	)
	for client in clients:
		fill_archive_facts(rng, client)
	for client in clients:
		if client.client_tier in ("Strategic Client", "Key Client"):
			make_brand_file(rng, client)
	make_handover(clients)


def make_industries():
	for industry, *_rest in SECTORS.values():
		if not frappe.db.exists("Industry Type", industry):
			frappe.get_doc({"doctype": "Industry Type", "industry": industry}).insert(ignore_permissions=True)


def fill_archive_facts(rng, client):
	if frappe.db.get_value("Customer", client.name, "legal_representative"):
		return
	industry, scope, products, _competitors, audience = sector_of(client.customer_name)
	city = next((c for c in CITIES if client.customer_name.startswith(c)), CITIES[0])
	frappe.db.set_value(
		"Customer",
		client.name,
		{
			"industry": industry,
			"credit_code": f"91{rng.randint(110000, 659999)}MA{rng.randint(10000000, 99999999)}",
			"legal_representative": rng.choice("张王李赵刘陈杨黄")
			+ rng.choice(("建国", "志强", "海涛", "丽华")),
			"registered_address": f"{city}市{rng.choice(('高新区', '经济开发区', '中心区'))}"
			f"{rng.choice(('科技路', '人民大道', '建设路'))}{rng.randint(1, 300)}号",
			"business_scope": scope,
			"ad_goals": f"提升{products[0]}的品牌知名度，巩固{city}及周边市场份额",
			"budget": rng.choice((800_000, 1_500_000, 3_000_000, 6_000_000)),
			"preferred_forms": rng.choice(
				("户外大屏、短视频信息流", "电视广告、社交媒体种草", "地铁灯箱、直播带货")
			),
			"target_audience": audience,
		},
		update_modified=False,
	)


def make_brand_file(rng, client):
	if frappe.db.exists("Brand File", {"customer": client.name}):
		return
	_industry, _scope, products, competitors, _audience = sector_of(client.customer_name)
	brand = client.customer_name[2:4]
	this_year = getdate(nowdate()).year
	contacts = frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "link_doctype": "Customer", "link_name": client.name},
		pluck="parent",
		order_by="idx asc",
	)
	roles = frappe.get_all(
		"Contact", filters={"name": ("in", contacts)}, fields=["name", "client_role"], order_by="creation asc"
	)
	boss = next(
		(c.name for c in roles if c.client_role == "Decision Maker"), roles[0].name if roles else None
	)
	people = [
		{
			"contact": c.name,
			"reports_to": None if c.name == boss else boss,
			"decision_role": "Final Decision" if c.name == boss else "Day-to-Day Contact",
			"responsible_for": "品牌战略与年度预算" if c.name == boss else f"{products[0]}日常推广",
			"background": "曾任外资快消品牌市场总监，重视数据与投放回报"
			if c.name == boss
			else "入职三年，熟悉渠道与促销",
		}
		for c in roles
	]
	frappe.get_doc(
		{
			"doctype": "Brand File",
			"customer": client.name,
			"keeper": client.account_executive or client.account_manager,
			"brands": [
				{
					"brand": f"{brand}{suffix}",
					"product": product,
					"category": _industry,
					"price_range": rng.choice(("大众", "中高端", "高端")),
					"positioning": f"{rng.choice(('品质', '健康', '年轻', '专业'))}之选",
					"market_share": rng.choice((3.5, 6.0, 8.2, 12.5)),
				}
				for suffix, product in zip(("", "优选", "臻享"), products, strict=False)
			],
			"market_overview": f"<p>{brand}在华东区域市场占有率稳居前五，线上渠道增长较快，"
			f"线下终端铺货率约{rng.randint(55, 85)}%。</p>",
			"consumer_insight": "<p>消费旺季集中在春节与暑期，一二线城市贡献六成销量。</p>",
			"people": people,
			"competitors": [
				{
					"competitor": name,
					"competitor_brand": f"{name[:2]}{products[n % len(products)][-2:]}",
					"year": this_year - 1,
					"medium": medium,
					"estimated_spend": rng.randint(8, 120) * 100_000,
					"assessment": rng.choice(
						("加大短视频投放，主打性价比", "赞助综艺节目，提升曝光", "缩减电视预算，转向社交媒体")
					),
				}
				for n, name in enumerate(competitors)
				for medium in rng.sample(MEDIA, 2)
			],
			"ad_volumes": [
				{
					"year": year,
					"medium": medium,
					"amount": rng.randint(5, 80) * 100_000,
					"share_with_us": rng.choice((30, 50, 70, 100)),
				}
				for year in (this_year - 2, this_year - 1)
				for medium in MEDIA[:3]
			],
			"campaigns": [
				{
					"campaign": f"{brand}{title}",
					"year": this_year - offset,
					"brand": brand,
					"media": media,
					"budget": rng.randint(10, 60) * 100_000,
					"objective": objective,
					"results": result,
				}
				for offset, title, media, objective, result in (
					(
						2,
						"春节团圆季",
						"电视、户外",
						"节日销量冲刺",
						f"活动期销量同比增长{rng.randint(12, 35)}%",
					),
					(
						1,
						"夏日焕新",
						"抖音、小红书",
						"新品上市认知",
						f"话题播放量{rng.randint(2, 9)}亿次，新品铺货率达80%",
					),
				)
			],
			"communication_strategy": f"<p>以“{brand}，{rng.choice(('品质生活每一天', '值得信赖的选择', '年轻就要不一样'))}”"
			"为核心信息，线上种草与线下体验结合。</p>",
		}
	).insert(ignore_permissions=True)


def make_handover(clients):
	"""One key client's account executive hands it over to a colleague: both sign, then the head."""
	head, new = f"chen.jing@{EMAIL_DOMAIN}", f"lin.xue@{EMAIL_DOMAIN}"
	if frappe.db.exists("Client Handover", {"reason": HANDOVER_REASON}):
		return
	client = next(
		(c for c in clients if c.client_tier == "Key Client" and c.account_executive not in (None, new)), None
	)
	if not client:
		return
	frappe.set_user(head)
	handover = frappe.get_doc(
		{
			"doctype": "Client Handover",
			"customer": client.name,
			"team_role": "Account Executive",
			"handover_type": "Permanent",
			"outgoing_user": client.account_executive,
			"incoming_user": new,
			"from_date": add_days(nowdate(), -7),
			"reason": HANDOVER_REASON,
		}
	).insert()
	for row in handover.checklist:
		row.done = 1
		row.notes = "已当面交接并移交资料"
	handover.save()
	handover.submit_for_signoff()
	for signer in (client.account_executive, new, head):
		frappe.set_user(signer)
		sign("Client Handover", handover.name, "Approved", comment="确认交接")
	frappe.set_user("Administrator")
