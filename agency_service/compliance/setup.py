"""The starting term list of the ad-content check, shipped once; Legal maintains it from then on.

The terms follow the advertising law of the PRC (《中华人民共和国广告法》): absolute terms (第九条第三项),
claims that need proof — medical and health (第十六、十七、十八条), education and training (第二十四条),
investment and finance (第二十五条) — guarantees, and endorsements (第十六条、第三十八条)."""

import frappe

STARTER_LIST = "广告法禁用语与限制用语"

ABSOLUTE = ("Absolute Term", "Prohibited", "广告法第九条第三项：不得使用“国家级”“最高级”“最佳”等用语")
MEDICAL = ("Claim Needing Proof", "Prohibited", "广告法第十六、十七条：医疗、药品、保健功效的断言")
HEALTH = ("Claim Needing Proof", "Needs Proof", "广告法第十八条：保健食品广告不得宣传疾病预防、治疗功能")
EDUCATION = ("Claim Needing Proof", "Prohibited", "广告法第二十四条：不得对升学、通过考试作出保证性承诺")
FINANCE = ("Claim Needing Proof", "Prohibited", "广告法第二十五条：不得对未来收益作出保证性承诺")
GUARANTEE = ("Claim Needing Proof", "Needs Proof", "广告法第四条、第十一条：承诺须真实并有证明材料")
ENDORSEMENT = ("Endorsement", "Needs Proof", "广告法第三十八条：代言、推荐须有真实使用经历及书面同意")
ENDORSEMENT_BANNED = (
	"Endorsement",
	"Prohibited",
	"广告法第九条、第十六条：不得利用国家机关、医生、专家名义推荐",
)

# (Simplified, Traditional, kind)
STARTER_TERMS = (
	("最佳", "最佳", ABSOLUTE),
	("最高级", "最高級", ABSOLUTE),
	("国家级", "國家級", ABSOLUTE),
	("世界级", "世界級", ABSOLUTE),
	("第一", "第一", ABSOLUTE),
	("最好", "最好", ABSOLUTE),
	("顶级", "頂級", ABSOLUTE),
	("极品", "極品", ABSOLUTE),
	("首选", "首選", ABSOLUTE),
	("独家", "獨家", ABSOLUTE),
	("唯一", "唯一", ABSOLUTE),
	("绝对", "絕對", ABSOLUTE),
	("万能", "萬能", ABSOLUTE),
	("最先进", "最先進", ABSOLUTE),
	("最低价", "最低價", ABSOLUTE),
	("销量冠军", "銷量冠軍", ABSOLUTE),
	("史无前例", "史無前例", ABSOLUTE),
	("No.1", "", ABSOLUTE),
	("TOP1", "", ABSOLUTE),
	("根治", "根治", MEDICAL),
	("治愈", "治癒", MEDICAL),
	("药到病除", "藥到病除", MEDICAL),
	("无副作用", "無副作用", MEDICAL),
	("祖传秘方", "祖傳秘方", MEDICAL),
	("抗癌", "抗癌", MEDICAL),
	("疗效", "療效", MEDICAL),
	("增强免疫力", "增強免疫力", HEALTH),
	("延年益寿", "延年益壽", HEALTH),
	("减肥", "減肥", HEALTH),
	("保过", "保過", EDUCATION),
	("包过", "包過", EDUCATION),
	("保录取", "保錄取", EDUCATION),
	("押题", "押題", EDUCATION),
	("保本", "保本", FINANCE),
	("稳赚", "穩賺", FINANCE),
	("零风险", "零風險", FINANCE),
	("保证收益", "保證收益", FINANCE),
	("无风险", "無風險", FINANCE),
	("假一赔十", "假一賠十", GUARANTEE),
	("永久保修", "永久保修", GUARANTEE),
	("无效退款", "無效退款", GUARANTEE),
	("专家推荐", "專家推薦", ENDORSEMENT_BANNED),
	("医生推荐", "醫生推薦", ENDORSEMENT_BANNED),
	("央视推荐", "央視推薦", ENDORSEMENT_BANNED),
	("明星代言", "明星代言", ENDORSEMENT),
	("用户证言", "用戶證言", ENDORSEMENT),
	("权威认证", "權威認證", ENDORSEMENT),
)


def starter_term_rows() -> list[dict]:
	return [
		{"term": term, "term_zh_tw": zh_tw, "category": category, "severity": severity, "rule": rule}
		for term, zh_tw, (category, severity, rule) in STARTER_TERMS
	]


def sync_compliance_setup():
	"""The starting list, when there is none yet (a list Legal changed or removed is left as it is)."""
	if frappe.db.exists("Ad Content Term List", STARTER_LIST) or frappe.db.count("Ad Content Term List"):
		return
	frappe.get_doc(
		{
			"doctype": "Ad Content Term List",
			"list_name": STARTER_LIST,
			"enabled": 1,
			"description": "《中华人民共和国广告法》禁用的绝对化用语、需证明的功效与收益承诺、代言与推荐。",
			"terms": starter_term_rows(),
		}
	).insert(ignore_permissions=True)
