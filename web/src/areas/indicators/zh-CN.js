/* Simplified Chinese text of the indicators area: the 三多三少 indicators. Keys mirror en.js. */
export default {
  indicators: {
    title: '三多三少',
    intro: '多提前通知、多充分讨论、多集体决策；少临时动议、少不讨论直接表决、少个人决定。',
    from: '开始日期',
    to: '结束日期',
    period: '统计期间',
    summary: '{from} 至 {to}（不含），共 {meetings} 次会议',
    pair: {
      notice: '提前通知',
      discussion: '先讨论后决定',
      collective: '集体决策',
    },
    more: '多',
    fewer: '少',
    notified: '提前通知的议题',
    adhoc: '临时动议',
    discussed: '经讨论的议题',
    voteOnly: '未讨论直接表决的议题',
    collective: '集体决策的事项',
    individual: '个人决定的事项',
    nothing: '无可统计',
    trend: '按月趋势',
    trendIntro: '各月中提前通知的议题、经讨论的议题、集体决策的事项所占比例；没有可统计事项的月份留空。',
    noTrend: '所选时间段超过 60 个月，不按月显示。',
  },
};
