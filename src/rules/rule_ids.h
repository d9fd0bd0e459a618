/*
 * The table of rule ids: one row per rule the rules engine can report,
 * used for verdicts, for the rulebook's "actions" object and for the
 * documentation (docs/rules.md lists the same rows). Ids are stable: never
 * renamed or reused once released; add rows at the end of their area.
 *
 * Columns:
 *   C name        RULE_<name> in enum rule_id
 *   id            the stable identifier, "<area>.<rule>"
 *   default       RULE_ACTION_REFUSE or RULE_ACTION_FLAG when the rulebook
 *                 does not say otherwise
 *   configurable  RULE_CONFIGURABLE when a rulebook may set the action,
 *                 RULE_FIXED when the rule always refuses (integrity rules:
 *                 a flag with a justification would falsify the record)
 *   code          the err_code a refusal settles to (CONFLICT: the state
 *                 forbids it, HTTP 409; INVALID: the command is malformed,
 *                 HTTP 422)
 *   args          the message arguments in order: 'd' a long long (%lld),
 *                 's' a string (%s); money is passed as text formatted by
 *                 money_format_yuan. Both messages take the same arguments
 *                 in the same order; tests/unit/test_rules_verdict.c checks.
 *   zh, en        the messages (printf formats)
 */
#define RULE_TABLE(X)                                                                              \
    /* catalogue: what the catalogue requires of a matter */                                       \
    X(CATALOGUE_UNKNOWN_CATEGORY, "catalogue.unknown_category", RULE_ACTION_REFUSE, RULE_FIXED,    \
      INVALID, "s", "事项类别“%s”不在议事决策目录中",                                              \
      "the category '%s' is not in the decision catalogue")                                        \
    X(CATALOGUE_AMOUNT_NEGATIVE, "catalogue.amount_negative", RULE_ACTION_REFUSE, RULE_FIXED,      \
      INVALID, "", "金额不能为负数", "the amount cannot be negative")                              \
    X(CATALOGUE_SPENDING_TERMS, "catalogue.spending_terms", RULE_ACTION_REFUSE, RULE_FIXED,        \
      INVALID, "", "大额资金使用和重大项目事项须写明授权的金额、预算线或承办部门及资金使用期限",   \
      "a large-fund or major-project matter authorises spending: give its amount, budget line or " \
      "department, and period")                                                                    \
    X(CATALOGUE_SPENDING_PERIOD, "catalogue.spending_period", RULE_ACTION_REFUSE, RULE_FIXED,      \
      INVALID, "ss", "资金使用期限的截止日 %s 早于起始日 %s",                                      \
      "the spending period ends on %s, before it begins on %s")                                    \
    X(CATALOGUE_NOT_SPENDING, "catalogue.not_spending", RULE_ACTION_REFUSE, RULE_FIXED, INVALID,   \
      "", "只有大额资金使用和重大项目事项写明预算线和资金使用期限",                                \
      "only large-fund and major-project matters name a budget line and a spending period")        \
    /* notice: advance notification and ad-hoc motions */                                          \
    X(NOTICE_ADHOC, "notice.adhoc", RULE_ACTION_FLAG, RULE_CONFIGURABLE, CONFLICT, "d",            \
      "议题未在会前告知，属临时动议（应至少提前 %lld 小时告知）",                                  \
      "not notified before the meeting: an ad-hoc motion (at least %lld hours' notice required)")  \
    X(NOTICE_MIN_HOURS, "notice.min_hours", RULE_ACTION_FLAG, RULE_CONFIGURABLE, CONFLICT, "dd",   \
      "议题在会前 %lld 小时告知，少于规定的 %lld 小时，属临时动议",                                \
      "notified %lld hours before the meeting; at least %lld required: an ad-hoc motion")          \
    X(NOTICE_ADHOC_FORBIDDEN, "notice.adhoc_forbidden", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT,  \
      "sd", "“%s”类事项不允许临时动议，须至少提前 %lld 小时告知",                                  \
      "ad-hoc motions are not allowed for '%s' matters: notify at least %lld hours ahead")         \
    /* attendance, recusal and quorum */                                                           \
    X(ATTENDANCE_ABSENCE_REASON, "attendance.absence_reason", RULE_ACTION_REFUSE,                  \
      RULE_CONFIGURABLE, INVALID, "s", "成员 %s 缺席，须说明理由",                                 \
      "member %s is absent: an absence needs a reason")                                            \
    X(RECUSAL_REASON, "recusal.reason", RULE_ACTION_REFUSE, RULE_FIXED, INVALID, "s",              \
      "成员 %s 回避，须说明理由", "member %s is recused: a recusal needs a reason")                \
    X(ATTENDANCE_NOT_NOTIFIED, "attendance.not_notified", RULE_ACTION_FLAG, RULE_CONFIGURABLE,     \
      CONFLICT, "s", "成员 %s 在议题告知后才任职，未收到会议通知",                                 \
      "member %s took office after the item was notified and received no notice")                  \
    X(QUORUM_NOT_MET, "quorum.not_met", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "ddd",           \
      "应到 %lld 人，实到（不含回避）%lld 人，该类事项至少须 %lld 人到会",                         \
      "%lld members, %lld present (recused excluded); this category needs at least %lld")          \
    /* statements: every member states a view, the secretary last */                               \
    X(STATEMENT_NOT_MEMBER, "statement.not_member", RULE_ACTION_REFUSE, RULE_FIXED, INVALID, "s",  \
      "%s 不是本次会议的班子成员", "%s is not a member entitled at this meeting")                  \
    X(STATEMENT_NOT_PRESENT, "statement.not_present", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT,    \
      "s", "成员 %s 缺席，不能表态", "member %s is absent and cannot state a view")                \
    X(STATEMENT_RECUSED, "statement.recused", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "s",       \
      "成员 %s 已回避，不能就该议题表态",                                                          \
      "member %s is recused and cannot state a view on this item")                                 \
    X(STATEMENT_DUPLICATE, "statement.duplicate", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "s",   \
      "成员 %s 已就该议题表态", "member %s has already stated a view on this item")                \
    X(STATEMENT_SECRETARY_LAST, "statement.secretary_last", RULE_ACTION_REFUSE, RULE_CONFIGURABLE, \
      CONFLICT, "d", "书记末位表态：尚有 %lld 名成员未表态",                                       \
      "the secretary speaks last: %lld members have not yet stated a view")                        \
    X(STATEMENT_INCOMPLETE, "statement.incomplete", RULE_ACTION_REFUSE, RULE_CONFIGURABLE,         \
      CONFLICT, "dd", "应表态 %lld 人，已表态 %lld 人：须人人表态后再作决定",                      \
      "%lld members should state a view and %lld have: all state a view before the decision")      \
    /* ballot: one matter, one vote; no proxies; secret tallies add up */                          \
    X(BALLOT_BUNDLE, "ballot.bundle", RULE_ACTION_REFUSE, RULE_FIXED, INVALID, "d",                \
      "一事一表决：本次表决包含 %lld 个事项",                                                      \
      "one matter, one vote: this vote covers %lld matters")                                       \
    X(BALLOT_NOT_MEMBER, "ballot.not_member", RULE_ACTION_REFUSE, RULE_FIXED, INVALID, "s",        \
      "%s 不是有表决权的成员", "%s is not a member entitled to vote")                              \
    X(BALLOT_PROXY, "ballot.proxy", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "s",                 \
      "成员 %s 缺席，不得投票或委托投票", "member %s is absent: no vote and no proxy vote")        \
    X(BALLOT_RECUSED, "ballot.recused", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "s",             \
      "成员 %s 已回避，不能就该事项投票", "member %s is recused and cannot vote on this matter")   \
    X(BALLOT_DUPLICATE, "ballot.duplicate", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "s",         \
      "成员 %s 已投票：每人一票", "member %s has already voted: one member, one ballot")           \
    X(BALLOT_SECRET_CHOICE, "ballot.secret_choice", RULE_ACTION_REFUSE, RULE_FIXED, INVALID, "",   \
      "无记名投票不记录个人的投票意向", "a secret ballot does not record how a member voted")      \
    X(BALLOT_CHOICE_MISSING, "ballot.choice_missing", RULE_ACTION_REFUSE, RULE_FIXED, INVALID, "", \
      "记名投票须记录同意、不同意或弃权", "an open ballot records agree, disagree or abstain")     \
    X(BALLOT_TALLY_MISMATCH, "ballot.tally_mismatch", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT,    \
      "dd", "计票合计 %lld 票，与投票人数 %lld 不符",                                              \
      "the tally counts %lld votes but %lld voted")                                                \
    /* decision: matters that need a collective decision get one */                                \
    X(DECISION_COLLECTIVE_REQUIRED, "decision.collective_required", RULE_ACTION_REFUSE,            \
      RULE_FIXED, CONFLICT, "", "此类事项须经集体讨论决定，不能以其他方式决定",                    \
      "a matter of this category requires a collective decision and cannot be decided any other "  \
      "way")                                                                                       \
    X(DECISION_BALLOT_REQUIRED, "decision.ballot_required", RULE_ACTION_REFUSE, RULE_FIXED,        \
      CONFLICT, "", "此类事项须经票决", "a matter of this category must be decided by a vote")     \
    X(TENDER_REQUIRED, "tender.required", RULE_ACTION_REFUSE, RULE_CONFIGURABLE, CONFLICT, "ss",   \
      "金额 %s 元达到公开招标标准 %s 元，须公开招标",                                              \
      "%s yuan is at or above the tender threshold of %s yuan: a public tender is required")       \
    /* budget: lines, expenditures, congress votes */                                              \
    X(BUDGET_AMOUNT, "budget.amount", RULE_ACTION_REFUSE, RULE_FIXED, INVALID, "",                 \
      "支出金额须大于零", "an expenditure must be more than zero")                                 \
    X(BUDGET_OVERDRAW, "budget.overdraw", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "ss",          \
      "支出 %s 元超过预算线余额 %s 元", "%s yuan exceeds the %s yuan left on the budget line")     \
    X(BUDGET_LARGE_FUND_RESOLUTION, "budget.large_fund_resolution", RULE_ACTION_REFUSE,            \
      RULE_FIXED, CONFLICT, "ss", "支出 %s 元达到大额资金标准 %s 元，须注明批准该支出的决议",      \
      "%s yuan is at or above the large-fund threshold of %s yuan: cite the approving resolution") \
    X(BUDGET_LINE_OWNER, "budget.line_owner", RULE_ACTION_REFUSE, RULE_FIXED, INVALID, "",         \
      "每条预算线须有责任人", "every budget line needs an owner")                                  \
    X(BUDGET_LINE_AMOUNT, "budget.line_amount", RULE_ACTION_REFUSE, RULE_FIXED, INVALID, "",       \
      "预算线金额不能为负数", "a budget line cannot be negative")                                  \
    X(BUDGET_SPLIT_SUM, "budget.split_sum", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "ss",        \
      "预算线合计 %s 元，与通过的预算 %s 元不符",                                                  \
      "the budget lines add up to %s yuan, not the %s yuan adopted")                               \
    X(BUDGET_CONGRESS_REQUIRED, "budget.congress_required", RULE_ACTION_REFUSE, RULE_FIXED,        \
      CONFLICT, "", "预算及预算调整须经乡镇人民代表大会表决",                                      \
      "a budget or budget adjustment needs a vote of the township people's congress")              \
    X(BUDGET_CONGRESS_REJECTED, "budget.congress_rejected", RULE_ACTION_REFUSE, RULE_FIXED,        \
      CONFLICT, "dd", "人代会表决未通过：赞成 %lld 票，至少须 %lld 票",                            \
      "the congress did not pass it: %lld for, at least %lld needed")                              \
    X(BUDGET_SPENT_OUTSIDE_YEAR, "budget.spent_outside_year", RULE_ACTION_REFUSE, RULE_FIXED,      \
      INVALID, "sd", "支出日期 %s 不在预算年度 %lld 年内",                                         \
      "the spending date %s is outside the budget's fiscal year %lld")                             \
    X(BUDGET_RESOLUTION_NOT_SPENDING, "budget.resolution_not_spending", RULE_ACTION_REFUSE,        \
      RULE_FIXED, CONFLICT, "s", "决议“%s”不是资金使用决议，不能作为支出依据",                     \
      "the resolution '%s' authorises no spending and cannot be cited for it")                     \
    X(BUDGET_RESOLUTION_OTHER_LINE, "budget.resolution_other_line", RULE_ACTION_REFUSE,            \
      RULE_CONFIGURABLE, CONFLICT, "s", "决议“%s”授权的是其他预算线或部门的支出",                  \
      "the resolution '%s' authorises spending from another budget line or department")            \
    X(BUDGET_RESOLUTION_PERIOD, "budget.resolution_period", RULE_ACTION_REFUSE, RULE_CONFIGURABLE, \
      CONFLICT, "sss", "支出日期 %s 不在决议授权的资金使用期限（%s 至 %s）内",                     \
      "the spending date %s is outside the period the resolution authorises (%s to %s)")           \
    X(BUDGET_RESOLUTION_EXCEEDED, "budget.resolution_exceeded", RULE_ACTION_REFUSE,                \
      RULE_CONFIGURABLE, CONFLICT, "sss",                                                          \
      "决议“%s”授权 %s 元，连同本笔依据它的支出累计将达 %s 元",                                    \
      "the resolution '%s' authorises %s yuan; with this, %s yuan would be spent citing it")       \
    X(CONGRESS_TALLY, "congress.tally", RULE_ACTION_REFUSE, RULE_FIXED, INVALID, "",               \
      "人代会表决数据不一致：出席不得多于应到，票数合计不得多于出席",                              \
      "inconsistent congress vote: present cannot exceed entitled, nor votes present")             \
    X(CONGRESS_QUORUM, "congress.quorum", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "ddd",         \
      "应到代表 %lld 名，出席 %lld 名，至少须 %lld 名出席",                                        \
      "%lld deputies entitled and %lld present; at least %lld must be present")                    \
    X(CONGRESS_VOTE_IN_FUTURE, "congress.vote_in_future", RULE_ACTION_REFUSE, RULE_FIXED, INVALID, \
      "ss", "表决日期 %s 晚于今天（%s）：不能记录尚未举行的表决",                                  \
      "the vote is dated %s, after today (%s): a vote not yet held cannot be recorded")            \
    X(CONGRESS_NOT_DEPUTY, "congress.not_deputy", RULE_ACTION_REFUSE, RULE_FIXED, INVALID, "s",    \
      "%s 不是表决当日在任的人大代表",                                                             \
      "%s is not a deputy of the congress on the day of the vote")                                 \
    X(CONGRESS_NO_DEPUTIES, "congress.no_deputies", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "",  \
      "表决当日本乡镇人大代表名册无人在任：请先登记代表，或填写应到、实到人数并说明理由",          \
      "no deputies of the township congress are on record for the day of the vote: record them, "  \
      "or give the figures with a justification")                                                  \
    X(CONGRESS_MANUAL_COUNT, "congress.manual_count", RULE_ACTION_FLAG, RULE_CONFIGURABLE,         \
      CONFLICT, "dd", "人数按手工填写，与代表名册不符（名册应到 %lld 名、实到 %lld 名）",          \
      "figures given by hand, not from the roll of deputies (%lld on record, %lld present)")       \
    /* task: execution tasks of resolutions */                                                     \
    X(TASK_DUE_IN_PAST, "task.due_in_past", RULE_ACTION_FLAG, RULE_CONFIGURABLE, INVALID, "ss",    \
      "完成期限 %s 早于今天（%s）：任务一经分解即已逾期",                                          \
      "the due date %s is before today (%s): the task is overdue from the start")                  \
    /* rulebook: changes are versioned and never retroactive */                                    \
    X(RULEBOOK_VERSION, "rulebook.version", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "dd",        \
      "新版本号须为 %lld（现行版本为 %lld）",                                                      \
      "the new version must be %lld (the current one is %lld)")                                    \
    X(RULEBOOK_RETROACTIVE, "rulebook.retroactive", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "",  \
      "规则变更不溯及既往：生效时间不能早于变更时间或现行版本",                                    \
      "a rulebook change is never retroactive: it cannot take effect before it is made")           \
    X(RULEBOOK_SCOPE, "rulebook.scope", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "",              \
      "新版本须与现行版本适用于同一范围（全市或同一乡镇）",                                        \
      "the new version must apply to the same scope (the city or the same township)")              \
    /* floors: what no township version may loosen (the city's, versioned) */                      \
    X(RULEBOOK_FLOOR_NOTICE, "rulebook.floor_notice", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT,    \
      "sdd", "“%s”类事项提前 %lld 小时告知，低于全市底线 %lld 小时",                               \
      "'%s' matters: %lld hours' notice is below the city's floor of %lld")                        \
    X(RULEBOOK_FLOOR_SECRETARY_LAST, "rulebook.floor_secretary_last", RULE_ACTION_REFUSE,          \
      RULE_FIXED, CONFLICT, "s", "“%s”类事项须书记末位表态（全市底线）",                           \
      "'%s' matters: the secretary must speak last (the city's floor)")                            \
    X(RULEBOOK_FLOOR_VOTE, "rulebook.floor_vote", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "s",   \
      "“%s”属重大事项，须经表决（全市底线）",                                                      \
      "'%s' is a major matter and must be decided by a vote (the city's floor)")                   \
    X(RULEBOOK_FLOOR_CADRE_QUORUM, "rulebook.floor_cadre_quorum", RULE_ACTION_REFUSE, RULE_FIXED,  \
      CONFLICT, "sdd", "“%s”类事项的到会要求低于全市底线（至少 %lld/%lld 成员到会）",              \
      "'%s' matters: the quorum is below the city's floor (at least %lld/%lld of the members)")    \
    X(RULEBOOK_FLOOR_CADRE_ADHOC, "rulebook.floor_cadre_adhoc", RULE_ACTION_REFUSE, RULE_FIXED,    \
      CONFLICT, "s", "“%s”类事项不得临时动议（全市底线）",                                         \
      "'%s' matters may not come as an ad-hoc motion (the city's floor)")                          \
    X(RULEBOOK_FLOOR_PASS, "rulebook.floor_pass", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "s",   \
      "“%s”类事项须以全体成员过半数通过（全市底线）",                                              \
      "'%s' matters must pass by more than half of all members (the city's floor)")                \
    /* procurement: the method an amount requires, tenders and bids on time */                     \
    X(PROCUREMENT_COMPETITION_REQUIRED, "procurement.competition_required", RULE_ACTION_REFUSE,    \
      RULE_CONFIGURABLE, CONFLICT, "ss",                                                           \
      "金额 %s 元达到竞争性采购标准 %s 元，须招标或竞争性谈判，不能直接采购或单一来源采购",        \
      "%s yuan is at or above the competition threshold of %s yuan: tender or negotiate, "         \
      "no direct purchase or single source")                                                       \
    X(PROCUREMENT_SUBMISSION_PERIOD, "procurement.submission_period", RULE_ACTION_REFUSE,          \
      RULE_FIXED, CONFLICT, "dd", "自招标文件发布至投标截止仅 %lld 天，该采购方式至少须 %lld 天",  \
      "the bids are due %lld days after the tender documents are published; this method needs "    \
      "at least %lld")                                                                             \
    X(PROCUREMENT_RESOLUTION_REQUIRED, "procurement.resolution_required", RULE_ACTION_REFUSE,      \
      RULE_FIXED, CONFLICT, "s", "事项“%s”须经集体决策，决议通过前不能招标或采购",                 \
      "the matter '%s' needs a collective decision: nothing is tendered before its resolution")    \
    X(PROCUREMENT_RESOLUTION_AMOUNT, "procurement.resolution_amount", RULE_ACTION_REFUSE,          \
      RULE_FIXED, CONFLICT, "sss", "决议“%s”授权 %s 元，控制价 %s 元超出授权",                     \
      "the resolution '%s' authorises %s yuan; the control price of %s yuan exceeds it")           \
    X(PROCUREMENT_LATE_BID, "procurement.late_bid", RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "s", \
      "投标截止时间 %s 已过，不再接收投标", "the bids were due by %s: no more bids are received")  \
    X(PROCUREMENT_OPENING_EARLY, "procurement.opening_early", RULE_ACTION_REFUSE, RULE_FIXED,      \
      CONFLICT, "s", "开标时间为 %s，不能提前开标", "the bids open at %s, not before")             \
    X(PROCUREMENT_PANEL_SIZE, "procurement.panel_size", RULE_ACTION_REFUSE, RULE_FIXED, INVALID,   \
      "dd", "评标委员会须为 %lld 人以上的单数，现为 %lld 人",                                      \
      "the panel must be an odd number of at least %lld; it has %lld")                             \
    X(PROCUREMENT_EVALUATOR_RELATED, "procurement.evaluator_related", RULE_ACTION_REFUSE,          \
      RULE_FIXED, CONFLICT, "ss", "评委 %s 与投标人“%s”有利害关系，应当回避",                      \
      "the evaluator %s is related to the bidder '%s' and must stand aside")                       \
    X(PROCUREMENT_EVALUATOR_COMMITTEE, "procurement.evaluator_committee", RULE_ACTION_REFUSE,      \
      RULE_FIXED, CONFLICT, "s", "评委 %s 参与了该项目的集体决策，不能评标",                       \
      "the evaluator %s took part in the committee's decision on the project and cannot evaluate") \
    X(PROCUREMENT_AWARD_DISQUALIFIED, "procurement.award_disqualified", RULE_ACTION_REFUSE,        \
      RULE_FIXED, CONFLICT, "s", "投标人“%s”的投标已被否决，不能中标",                             \
      "the bid of '%s' was disqualified and cannot win")                                           \
    X(PROCUREMENT_AWARD_NOT_FIRST, "procurement.award_not_first", RULE_ACTION_REFUSE,              \
      RULE_CONFIGURABLE, CONFLICT, "s",                                                            \
      "评标排名第一的是投标人“%s”，定标应当确定排名第一的中标候选人",                              \
      "the panel ranked '%s' first: the award goes to the first-ranked bid")                       \
    X(PROCUREMENT_CONTRACT_BEFORE_AWARD, "procurement.contract_before_award", RULE_ACTION_REFUSE,  \
      RULE_CONFIGURABLE, CONFLICT, "ss", "合同签订日期 %s 早于定标日期 %s",                        \
      "the contract is dated %s, before the award on %s")                                          \
    X(PROCUREMENT_CONTRACT_BEFORE_RESOLUTION, "procurement.contract_before_resolution",            \
      RULE_ACTION_REFUSE, RULE_FIXED, CONFLICT, "ss", "合同签订日期 %s 早于决议通过日期 %s",       \
      "the contract is dated %s, before the resolution passed on %s")                              \
    X(PROCUREMENT_CONTRACT_PRICE, "procurement.contract_price", RULE_ACTION_REFUSE,                \
      RULE_CONFIGURABLE, CONFLICT, "ss", "合同价 %s 元与中标价 %s 元不一致",                       \
      "the contract price of %s yuan is not the winning bid's %s yuan")

/*
 * Configurable rules added after the first release. A rulebook's canonical
 * document names the action of one of them only when the rulebook sets it
 * away from its default, so that adding a rule changes the identity (the
 * digest) of no rulebook a record already refers to. Append each new
 * configurable rule here.
 */
#define RULES_ADDED_LATER(X)                                                                       \
    X(ATTENDANCE_NOT_NOTIFIED)                                                                     \
    X(TASK_DUE_IN_PAST)                                                                            \
    X(BUDGET_RESOLUTION_OTHER_LINE)                                                                \
    X(BUDGET_RESOLUTION_PERIOD)                                                                    \
    X(BUDGET_RESOLUTION_EXCEEDED)                                                                  \
    X(CONGRESS_MANUAL_COUNT)                                                                       \
    X(PROCUREMENT_COMPETITION_REQUIRED)                                                            \
    X(PROCUREMENT_AWARD_NOT_FIRST)                                                                 \
    X(PROCUREMENT_CONTRACT_PRICE)                                                                  \
    X(PROCUREMENT_CONTRACT_BEFORE_AWARD)
