/*
 * Simplified Chinese text of the tasks area: resolutions and their execution
 * tasks. Keys mirror en.js.
 */
export default {
  task: {
    listTitle: '执行任务',
    listIntro: '决议落实的执行任务：责任部门、责任人、完成时限与进展，逾期未完成的突出显示。',
    itemTitle: '执行任务',
    description: '任务内容',
    resolution: '决议事项',
    owner: '责任人',
    dueDate: '完成时限',
    dueJustified: '布置时已过期限：{text}',
    note: '进展说明',
    noteHint: '落实进展或完成情况',
    updated: '更新时间',
    overdue: '已逾期',
    overdueOnly: '只看逾期',
    allStatuses: '全部状态',
    add: '添加执行任务',
    added: '执行任务已添加',
    progress: '更新进展',
    updatedMessage: '任务进展已记录',
  },
  resolution: {
    listTitle: '决议',
    listIntro: '会议通过的决议：表决结果、票数、日期、所依据的议事规则版本、授权资金的使用情况，以及记录它的日志条目。',
    date: '日期',
    text: '决议内容',
    result: '表决结果与票数',
    verdict: '{verdict}（{by}）',
    rulebook: '议事规则',
    rulebookVersion: '第 {version} 版',
    rulebookOverride: '市第 {city} 版，本镇第 {version} 版',
    tasks: '执行任务',
    tasksDone: '{done}/{n} 完成',
    spending: '资金使用',
    spentPart: '已支出 {spent}',
    authorisedPart: '/ 授权 {authorised}',
    record: '日志条目',
    viewRecord: '查看记录',
  },
};
