"""The glossary in code: each Chinese domain term and the identifier it has here."""
from __future__ import annotations

# Station kinds (站点类型). The first four form the main tree, by rank.
STATION_KINDS: dict[str, str] = {
    "city_hub": "市级总站",
    "county_center": "县区中心站",
    "township_station": "乡镇联络站",
    "village_point": "村居联络点",
    "deputy_home": "代表之家",
    "deputy_workstation": "代表工作站",
    "service_post": "代表服务岗",
    "demo_base": "示范基地",
}
MAIN_KIND_RANK: dict[str, int] = {
    "city_hub": 0, "county_center": 1, "township_station": 2, "village_point": 3,
}

# Deputy levels (五级人大代表), highest first.
LEVELS: dict[str, str] = {
    "national": "全国",
    "province": "省",
    "city": "市",
    "county": "县",
    "township": "乡",
}
# What staff write in rosters for each level.
LEVEL_ALIASES: dict[str, str] = {
    "全国": "national", "国家": "national",
    "省": "province", "省级": "province",
    "市": "city", "市级": "city",
    "县": "county", "区": "county", "县区": "county", "县(区)": "county", "县（区）": "county",
    "县级": "county",
    "乡": "township", "镇": "township", "乡镇": "township", "乡(镇)": "township",
    "乡（镇）": "township", "乡级": "township",
}

GENDERS = ("男", "女")

# 政治面貌 values as official forms write them.
PARTIES = (
    "中共党员", "中共预备党员", "共青团员",
    "民革党员", "民盟盟员", "民建会员", "民进会员", "农工党党员", "致公党党员",
    "九三学社社员", "台盟盟员", "无党派人士", "群众",
)

ETHNIC_GROUPS = tuple(
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 "
    "怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺".split()
)

YES_NO = {"是": True, "否": False}

# Other terms of DOMAIN.md used in code, Chinese -> identifier.
TERMS: dict[str, str] = {
    "代表": "Deputy",
    "联络站": "Station",
    "站点": "Station",
    "编组进站": "enrol",
    "进站记录": "EnrolmentMove",
    "调整联络站": "enrol (move)",
    "花名册": "roster",
    "届次": "Seat.term",
    "选区": "Seat.district",
    "代表层级": "Seat.level",
    "驻站代表": "Deputy.is_resident",
    "连任": "Deputy.is_reelected",
    "新任": "Deputy.is_reelected = False",
    "领导干部代表": "Deputy.is_leader",
    "基层代表": "Deputy.is_leader = False",
    "专业特长": "Deputy.specialty",
    "电子邮箱": "Deputy.email / AppUser.email / Department.email",
    "工作单位及职务": "Deputy.workplace",
    "政治面貌": "Deputy.party",
    "覆盖率": "coverage",
    "姓氏笔画为序": "sort='strokes'",
    "拼音排序": "sort='pinyin'",
    "撤销站点": "close_station",
    "操作人": "actor",
}


def kind_label(code: str) -> str:
    """The Chinese label of a station kind code."""
    return STATION_KINDS[code]


def kind_code(label: str) -> str | None:
    """The code of a station kind from its Chinese label (工作室 counts as 工作站)."""
    label = label.strip().replace("代表工作室", "代表工作站")
    for code, text in STATION_KINDS.items():
        if text == label:
            return code
    return None

# --- Citizen-opinion cases (社情民意) ---------------------------------------------------------
CHANNELS: dict[str, str] = {
    "reception": "站内接待",
    "visit": "走访",
    "qr": "二维码",
    "book": "民情收集簿",
    "hotline": "12345人大代表通道",
    "mobile": "流动联络站",
    "grid": "网格",
}
CATEGORIES: tuple[str, ...] = (
    "城乡建设", "交通出行", "教育", "医疗卫生", "社会保障", "就业创业", "农业农村", "生态环境",
    "市场监管", "社会治理", "民生项目", "其他",
)
# 分级: at which level the matter is handled.
MATTER_LEVELS: dict[str, str] = {
    "station": "站点", "township": "乡镇（街道）", "county": "县（区）", "city": "市",
}
CASE_STATES: dict[str, str] = {
    "collected": "收集",
    "registered": "建账",
    "assigned": "已交办",
    "accepted": "已承接",
    "in_progress": "办理中",
    "answered": "已答复",
    "evaluated": "已评价",
    "concluded": "办结",
}
CASE_ACTIONS: dict[str, str] = {
    "collect": "收集",
    "register": "建账",
    "resolve_on_site": "就地办结",
    "assign": "交办",
    "transfer": "转办",
    "to_suggestion": "转为代表建议",
    "accept": "承接",
    "progress": "添加办理进展",
    "answer": "答复",
    "evaluate": "评价",
    "reopen": "二次办理",
    "conclude": "办结",
    "supervise": "督办",
    "reschedule": "调整办理时限",
    "link": "标记同一事项",
    "unlink": "取消同一事项标记",
    "deputy_reply": "代表回复群众",
    "deputy_note": "代表备注",
}
# What a citizen reads of the same states and steps (the lookup page): their words, not the office's.
CITIZEN_STATES: dict[str, str] = {
    "collected": "已收到", "registered": "已受理", "assigned": "已转交承办单位", "accepted": "承办单位已接收",
    "in_progress": "办理中", "answered": "已答复", "evaluated": "已评价", "concluded": "已办结",
}
CITIZEN_STEPS: dict[str, str] = {
    "collect": "收到您的意见", "register": "联络站受理", "resolve_on_site": "当场解决", "assign": "转交承办单位办理",
    "transfer": "转交其他单位办理", "to_suggestion": "作为代表建议提出", "accept": "承办单位接收办理",
    "progress": "办理有新进展", "answer": "承办单位答复", "evaluate": "您作出评价", "reopen": "重新办理",
    "conclude": "办结", "reschedule": "调整办理期限", "deputy_reply": "代表回复您",
}
# The public form's fields as the form names them, for refusals shown beside it.
CITIZEN_FIELDS: dict[str, str] = {"反映内容": "您想反映的问题或建议", "反映人": "称呼", "联系电话": "手机号", "类别": "问题类别"}
RATINGS: tuple[str, ...] = ("满意", "基本满意", "不满意")
SUPERVISION: dict[str, str] = {"key": "重点督办", "leader": "领衔督办"}
CASE_KINDS: dict[str, str] = {"opinion": "社情民意", "suggestion": "代表建议"}

TERMS.update({
    "社情民意": "Case",
    "案件编号": "Case.number",
    "渠道": "Case.channel",
    "类别": "Case.category",
    "承办单位": "Department",
    "办理时限": "Case.deadline",
    "办理状态": "Case.state",
    "办结率": "concluded / received",
    "满意率": "(满意 + 基本满意) / evaluated",
    "超期": "overdue",
    "统计口径": "case_figures(by=…)",
    "站点×月份": "case_figures(by='station_month')",
    "重点督办": "Case.supervision = 'key'",
    "领衔督办": "Case.supervision = 'leader'",
    "办理进度追踪图": "progress board",
    "码上找代表": "QR intake page",
    "台账": "ledger",
    "工单编号": "Case.hotline_ticket",
    "二次办理": "reopen (Case.rounds)",
    "反映人": "Case.citizen_name",
    "反映内容": "Case.content",
    "智能分类与分析研判": "smart triage (toolkit.triage)",
    "智能建议": "Suggestion / Advice",
    "把握度": "confidence (a suggestion's score)",
    "可能重复": "similar open cases (toolkit.triage.suggestions.similar)",
    "同一事项": "Case.same_as_id (toolkit.cases.links)",
    "热点": "hot topics (toolkit.triage.hot_topics)",
})

# --- Pairings (三联结对) ------------------------------------------------------------------------
PAIRING_KINDS: dict[str, str] = {
    "leader_grassroots": "领导干部代表联系基层代表",
    "reelected_new": "连任代表联系新任代表",
    "upper_lower": "省市代表联系县乡代表",
    "committee_grassroots": "常委会组成人员联系基层代表",
    "leader_township": "常委会领导包联乡镇",
}
CONTACT_MODES: tuple[str, ...] = ("走访", "电话", "座谈", "线上")
COMMITTEE_ROLES: dict[str, str] = {"member": "常委会组成人员", "leader": "常委会领导"}

TERMS.update({
    "三联结对": "Pairing",
    "结对": "Pairing",
    "联系人（导师）": "Pairing.mentor",
    "被联系代表": "Pairing.mentee",
    "包联": "Pairing (kind leader_township)",
    "联系记录": "ContactLog",
    "联系方式": "ContactLog.mode",
    "届满": "end_term_pairings",
    "建议方案": "suggest_plan",
    "首次适配方案": "first_fit_plan",
    "联系超期": "Pairing health: overdue",
    "常委会组成人员": "Deputy.committee_role = 'member'",
    "常委会领导": "Deputy.committee_role = 'leader'",
})

# --- Satisfaction evaluations (满意度测评) -------------------------------------------------------
TERMS.update({
    "满意度测评": "EvalRound",
    "测评对象": "EvalTarget",
    "测评码": "EvalCode",
    "测评机": "toolkit.public.kiosk",
    "总体评价": "EvalResponse.verdict",
    "弃权": "verdict '弃权'",
    "不满意率": "不满意 / valid responses",
    "整改": "needs_rectification",
    "结论": "committee_verdict",
    "评分项": "EvalItem",
    "一测评": "EvalRound (target_kind 'department')",
    "述职": "EvalRound (target_kind 'report')",
})

# --- Project voting (民生实事项目票决) -----------------------------------------------------------
TERMS.update({
    "票决": "Vote",
    "候选项目": "VoteCandidate",
    "逐项表决": "Vote.form = 'itemised'",
    "限额选择": "Vote.form = 'limited'",
    "另行表决": "runoff",
    "票箱": "Ballot (ballot_box)",
    "回执码": "Ballot.receipt",
    "票箱指纹": "fingerprint",
    "作废": "invalid ballot",
})

# --- The project cycle around the vote (征集 → 筛选 → 票决 → 监督 → 评议) ---------------------------
PROPOSAL_SOURCES: dict[str, str] = {
    "citizen": "群众", "deputy": "代表", "station": "联络站", "post": "民生项目征集岗", "qr": "码上找代表",
}
PROPOSAL_STATES: dict[str, str] = {
    "proposed": "待筛选", "reserve": "入储备库", "rejected": "未入选", "merged": "已合并", "candidate": "已列为候选",
}
# The screening criteria: each decision judges every one of them.
SCREENING_CRITERIA: dict[str, str] = {
    "necessity": "必要性", "feasibility": "可行性", "cost": "成本合理", "fiscal": "财政承受能力", "legality": "合法性",
}
AUDIT_ACTIONS: dict[str, str] = {
    "create": "建立", "open": "开始投票", "close": "结束并计票", "void": "判定无效", "paper": "录入纸质选票",
    "issue": "发放选票", "runoff": "另行表决", "update": "修改",
}

TERMS.update({
    "民生实事项目征集": "ProjectCall",
    "项目建议": "Proposal",
    "附议": "ProposalSupport",
    "合并": "merge_proposals",
    "筛选": "screen",
    "储备库": "Proposal.state = 'reserve'",
    "差额": "more candidates than places",
    "等额": "Vote.uncontested",
    "发放选票": "issue_ballots (VoteRegister.issued_at)",
    "投票码": "VoteRegister.code_hash",
    "纸质选票": "record_paper_ballots",
    "实施监督": "Project",
    "进度节点": "ProjectMilestone",
    "进度更新": "ProjectUpdate",
    "视察": "ProjectInspection",
    "审计日志": "AuditEntry (audit_log)",
})

# --- Duty standards, activities and archives (履职) -------------------------------------------------
ACTIVITY_KINDS: dict[str, str] = {
    "reception": "接待选民日", "theme": "主题活动", "training": "学习培训", "survey": "调研视察",
    "hearing": "代表问政会", "bench": "板凳议事会", "evening": "屋场夜话", "household": "进村入户走访",
}
# 代表小组 `DeputyGroup.kind`: by township (吴江's 代表小组 per 镇) or by field (专业小组)
GROUP_KINDS: dict[str, str] = {"township": "按乡镇（街道）", "field": "按专业领域"}
SERVICE_POSTS: dict[str, str] = {
    "info": "信息服务岗", "mediation": "矛盾化解岗", "legal": "法律服务岗", "project": "民生项目征集岗",
}
# Which specialties suit a post (matched as words in Deputy.specialty).
POST_SPECIALTIES: dict[str, tuple[str, ...]] = {
    "info": ("政策", "社保", "就业", "医保", "教育", "信息"),
    "mediation": ("调解", "矛盾", "基层治理", "社区", "信访"),
    "legal": ("法律", "律师", "司法", "法学"),
    "project": ("建设", "规划", "工程", "农业", "经济", "财务"),
}
DUTY_RECORD_KINDS: dict[str, str] = {"diary": "民情日志", "story": "履职故事", "report_back": "述职交流"}

TERMS.update({
    "履职活动": "Activity",
    "活动类型": "Activity.kind",
    "月度主题": "Activity.theme",
    "参加代表": "ActivityAttendee",
    "接待群众人数": "Activity.citizens_received",
    "进站": "station visit (ActivityAttendee)",
    "履职标准": "RuleSet (data/standards/*.toml)",
    "履职要求": "Requirement",
    "已达标": "status 'met'",
    "未达标（期内）": "status 'pending'",
    "未达标": "status 'missed'",
    "履职积分": "duty points",
    "轮值排班": "rota",
    "服务岗": "SERVICE_POSTS",
    "不可值班日": "Unavailability",
    "电子履职档案": "deputy archive",
    "履职记录": "DutyRecord",
})

# Who may do what (toolkit/core/access.py); the order runs from widest scope to narrowest.
ROLES: dict[str, str] = {
    "city_admin": "市级管理员", "county_admin": "县区管理员", "station_staff": "站点工作人员",
    "department": "承办单位", "deputy": "代表", "public": "群众（公开页面）", "analyst": "分析员",
}
# 个人链接 `PersonalLink.holder`: whose phone a personal link signs in (no password, no app_user row)
LINK_HOLDERS: dict[str, str] = {"deputy": "代表", "grid_worker": "网格员"}
AUDIT_ACTIONS.update({"insert": "新增", "delete": "删除", "refused": "拒绝", "restore": "恢复备份",
                      "preview": "导入预览", "reissue": "重新生成投票码"})

TERMS.update({
    "用户": "AppUser",
    "角色": "AppUser.role / ROLES",
    "管理范围": "scope (Principal.stations / department_id / deputy_id)",
    "操作日志": "audit_log (AuditEntry)",
    "无权操作": "Forbidden",
    "已被他人修改，请刷新": "StaleEdit (version column)",
    "备份": "liaison backup",
    "恢复": "liaison restore",
    "备份密钥（加密备份）": "LIAISON_BACKUP_KEY (toolkit/ops/backup_cipher.py)",
    "按日期备份、轮换": "liaison backup --dir --keep (toolkit/ops/backup_rotation.py)",
    "时间点恢复（演练）": "point-in-time recovery, deploy/pitr-drill.sh",
    "脱敏": "mask_name / mask_phone / mask_id_number (toolkit/core/personal_data.py)",
    "系统管理": "AdminApp (notebooks/apps/admin.ipynb)",
    "系统参数": "SETTINGS (toolkit/core/settings.py)",
    "公开服务": "liaison serve --public",
    "公开服务账号": "public_role (liaison db grant-public)",
    "负载测试": "liaison load (toolkit/ops/load_test.py)",
    "工作日": "WorkCalendar.is_workday (toolkit/core/workdays.py)",
    "放假": "CalendarDay.kind 'holiday'",
    "调休上班": "CalendarDay.kind 'workday'",
    "节假日日历": "CalendarDay (calendar_day)",
    "通知": "OutboxMessage (toolkit/notify)",
    "群机器人": "RobotSender (企业微信/钉钉 webhook)",
    "短信": "channel 'sms' (SmsGatewaySender, toolkit/notify/senders.py)",
    "短信网关": "LIAISON_SMS_URL",
    "导出待发短信": "export_sms (toolkit/notify/outbox.py)",
    "通知方式": "toolkit.notify.addresses (电子邮件 first, else 短信)",
    "办理时限提醒": "department_digests (toolkit/cases/notices.py)",
    "结对联系提醒": "overdue_pairings (toolkit/pairings/notices.py)",
    "项目节点逾期": "overdue_milestones (toolkit/projects/notices.py)",
    "不满意退回": "reopened (toolkit/cases/notices.py)",
})

# What the audit log calls each table, for the admin view.
ENTITY_LABELS: dict[str, str] = {
    "department": "承办单位", "citizen_case": "社情民意案件", "case_event": "案件流程", "case_counter": "案件编号",
    "activity": "履职活动", "activity_attendee": "活动参加代表", "activity_case": "活动收集意见", "duty_record": "履职档案",
    "rota_turn": "轮值班次", "unavailability": "不可值班日", "eval_round": "满意度测评", "eval_item": "测评评分项",
    "eval_target": "测评对象", "eval_code": "测评码", "eval_response": "测评意见", "eval_score": "测评评分",
    "station": "站点", "deputy": "代表", "seat": "代表席位", "enrolment_move": "进站调整", "pairing": "三联结对",
    "contact_log": "结对联系", "app_setting": "参数设置", "project_call": "项目征集", "proposal": "项目建议",
    "proposal_support": "附议", "project": "民生实事项目", "project_milestone": "项目节点", "project_update": "项目进度",
    "project_inspection": "项目视察", "project_inspector": "视察代表", "app_user": "用户", "vote": "票决",
    "vote_candidate": "候选项目", "vote_register": "领票登记", "access": "权限检查", "database": "数据库",
    "rota": "轮值安排", "vote_box": "票箱", "calendar_day": "节假日日历", "outbox": "通知",
    "grid": "网格", "grid_deputy": "网格联系代表", "grid_contact": "网格联系", "mobile_point": "流动联络站",
    "mobile_point_deputy": "流动联络站值班代表", "deputy_group": "代表小组", "deputy_group_member": "代表小组成员",
    "point_activity": "流动联络站活动", "personal_link": "个人链接", "deputy_page_off": "关闭代表履职公开页的县区",
}


# What the operation log calls a row's fields (a field not listed shows its identifier).
FIELD_LABELS: dict[str, str] = {
    "id": "编号", "name": "名称", "version": "版本", "created_at": "创建时间", "updated_at": "修改时间",
    "station_id": "站点", "deputy_id": "代表", "department_id": "承办单位", "county_id": "县区",
    "parent_id": "上级站点", "kind": "类型", "address": "地址", "head": "负责人", "phone": "联系电话",
    "closed_on": "撤销日期", "gender": "性别", "ethnicity": "民族", "birth_month": "出生年月",
    "id_number": "身份证号", "party": "政治面貌", "workplace": "工作单位及职务", "specialty": "专业特长",
    "email": "电子邮箱",
    "is_reelected": "是否连任", "is_leader": "是否领导干部", "is_resident": "驻站代表", "qr_token": "二维码",
    "committee_role": "常委会职务", "number": "案件编号", "channel": "渠道", "received_at": "受理时间",
    "received_on": "受理日期", "citizen_name": "反映人", "citizen_phone": "反映人电话", "content": "反映内容",
    "place": "地点", "category": "类别", "matter_level": "事项层级", "state": "状态", "assigned_on": "交办日期",
    "deadline": "办理时限", "answered_on": "答复日期", "days_to_answer": "答复用时（天）", "concluded_on": "办结日期",
    "rating": "满意度", "rounds": "办理轮次", "supervision": "督办", "supervisor": "督办领导",
    "hotline_ticket": "工单编号", "intake_client": "来源", "intake_address": "来源地址", "login": "登录名", "role": "角色", "active": "启用",
    "contact": "联系人", "mentor_id": "联系人", "mentee_id": "联系对象", "started_on": "开始日期",
    "ended_on": "结束日期", "end_reason": "结束原因", "created_by": "建立人", "level": "层级", "term": "届次",
    "district": "选区", "at": "时间", "actor": "操作人", "note": "说明", "value": "值", "title": "标题",
    "progress": "进度", "case_id": "案件", "worker_name": "网格员", "worker_mobile": "网格员手机", "households": "户数",
    "residents": "常住人口", "grid_id": "网格", "point_id": "流动联络站", "opens_on": "开始日期", "closes_on": "结束日期",
    "hours": "时段", "leader_id": "组长", "group_id": "代表小组", "field": "专业领域", "reception_days": "接待日", "longitude": "经度", "latitude": "纬度", "vote_id": "票决", "round_id": "测评", "verdict": "评价",
}


# --- Label maps that lived beside their code, joined here (one glossary) ---------------------
# 票决状态 `Vote.state`
VOTE_STATES: dict[str, str] = {"draft": "筹备中", "open": "投票中", "closed": "已计票", "void": "无效"}
# 表决方式 `Vote.form`
VOTE_FORMS: dict[str, str] = {"itemised": "逐项表决", "limited": "限额选择"}
# 票决层级 `ProjectCall.level`, `Vote.level`: 票决在县、乡人代会进行
VOTE_LEVELS: tuple[str, ...] = ("county", "township")
# 通过标准 `Vote.threshold`
VOTE_THRESHOLDS: dict[str, str] = {"all": "全体代表的过半数", "present": "出席代表的过半数"}
# 测评对象 `EvalTarget.kind`
EVAL_TARGET_KINDS: dict[str, str] = {"department": "承办单位办理工作", "project": "民生实事项目", "report": "代表述职",
                                     "case": "单件案件"}
# 参评人 `EvalRound.rater_kind`
EVAL_RATER_KINDS: dict[str, str] = {"deputies": "人大代表", "citizens": "群众（凭测评码）",
                                    "committee": "常委会组成人员（无记名）"}
# 满意率分子 `Formula.numerator`
EVAL_NUMERATORS: dict[str, str] = {"both": "满意 + 基本满意", "satisfied-only": "满意"}
# 满意率分母 `Formula.denominator`
EVAL_DENOMINATORS: dict[str, str] = {"responses": "全部有效票（含弃权）", "rated": "作出评价的票（不含弃权）"}
# 履职标准周期 `Requirement.period`
DUTY_PERIODS: dict[str, str] = {"month": "每月", "quarter": "每季度", "year": "每年"}
# 达标状态
DUTY_STATUS: dict[str, str] = {"met": "已达标", "pending": "未达标（期内）", "missed": "未达标"}
# 导入结果 (rosters, ledgers): what became of each row
IMPORT_OUTCOMES: dict[str, str] = {"new": "新增", "updated": "更新", "unchanged": "无变化", "skipped": "已导入（跳过）",
                                   "error": "有错误"}
# 排序 `sort=`
SORT_ORDERS: dict[str, str] = {"strokes": "姓氏笔画", "pinyin": "拼音"}
# 统计口径 `case_figures(by=…)`
FIGURE_DIMENSIONS: dict[str, str] = {"station": "站点", "county": "县区", "department": "承办单位",
                                     "category": "类别", "month": "月份", "station_month": "站点×月份", "all": "合计"}


# 代表建议 (toolkit.suggestions): the unit's answer class, as the counties' sheets write it too.
SUGGESTION_CLASSES: dict[str, str] = {"A": "已解决或基本解决", "B": "正在解决或列入计划", "C": "因条件限制留作参考"}
SUGGESTION_CLASS_WORDS: dict[str, str] = {"已解决": "A", "基本解决": "A", "已解决或基本解决": "A", "列入计划": "B",
                                          "正在解决": "B", "正在解决或列入计划": "B", "留作参考": "C",
                                          "因条件限制留作参考": "C"}
SUGGESTION_FIGURE_DIMENSIONS: dict[str, str] = {"unit": "主办单位", "category": "类别", "deputy": "领衔代表",
                                                "session": "届次会次", "all": "全部"}
# The steps on a suggestion's timeline (提出 → 交办 → 办理/沟通 → 答复 → 代表意见 → 落实).
SUGGESTION_ACTIONS: dict[str, str] = {
    "propose": "提出", "link_case": "关联群众意见", "assign": "交办", "contact": "沟通（三见面）", "co_opinion": "协办意见",
    "answer": "答复", "rate": "代表意见", "reopen": "退回重新办理", "done": "落实", "promise_late": "承诺逾期",
    "to_project": "纳入民生实事征集", "confirm": "群众确认",
}
# The congress a suggestion is made to (its answer's term is set per level; 县 is the default).
SUGGESTION_LEVELS: dict[str, str] = {"province": "省", "city": "市", "county": "县", "township": "乡"}
# 三见面: before, during and after handling, face to face or by phone.
SUGGESTION_CONTACT_STAGES: tuple[str, ...] = ("办前", "办中", "办后")
SUGGESTION_CONTACT_WAYS: tuple[str, ...] = ("面商", "电话")
# The citizen's own word on whether what was answered was done.
CONFIRMATIONS: tuple[str, ...] = ("已落实", "部分落实", "未落实")
TERMS.update({
    "代表建议": "Suggestion (toolkit/suggestions)",
    "建议编号": "Suggestion.number",
    "领衔代表": "Suggestion.lead_deputy_id",
    "附议代表": "SuggestionCosigner",
    "主办单位": "Suggestion.main_unit_id",
    "协办单位": "SuggestionCoUnit",
    "答复类别": "Suggestion.answer_class (A/B/C)",
    "代表意见": "Suggestion.deputy_opinion",
    "承诺落实日期": "Suggestion.promised_on",
    "落实日期": "Suggestion.done_on",
    "按期答复": "answered on or before Suggestion.answer_due (交办 + 3 months)",
    "采纳率": "(A + B) / answered",
    "重新办理": "Suggestion.rounds, reopened_on (after 不满意)",
    "三见面": "SuggestionEvent action contact (办前/办中/办后, 面商/电话)",
    "群众确认": "SuggestionCase.confirmation (已落实/部分落实/未落实)",
    "群众确认落实率": "已落实 / citizens who answered",
})
TERMS.update({
    "网格": "Grid (toolkit/network/grid_models)",
    "网格员": "Grid.worker_name, worker_mobile; a PersonalLink holder grid_worker",
    "联系代表": "GridDeputy (seated at the grid's station)",
    "户数": "Grid.households",
    "常住人口": "Grid.residents",
    "网格联系": "GridContact (走访, 网格听事)",
    "网格员转交": "Case.channel grid, Case.grid_id (toolkit/cases/grid_handoff)",
    "流动联络站": "MobilePoint (toolkit/network/point_models); Case.channel mobile, Case.point_id",
    "值班代表": "MobilePointDeputy; RotaTurn",
    "台账": "point_ledger (a mobile point's activity and opinions)",
    "代表小组": "DeputyGroup, DeputyGroupMember; Activity.group_id",
    "组长": "DeputyGroup.leader_id",
    "接待日": "Station.reception_days",
    "经度、纬度": "Station.longitude, latitude (WGS-84)",
    "找联络站": "the public page /s (toolkit/public/finder)",
    "个人链接": "PersonalLink (toolkit/admin/links): a keyed hash, expires_at, revoked_at",
})
