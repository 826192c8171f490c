"""Client health and retention (客户健康度 / 客户流失, 001 §2.3, §6.2): the daily health score, its at-risk
alerts, the tier service check and the loss analysis."""
