/*
 * Simplified Chinese text of the portal area: the public home page. Keys
 * mirror en.js.
 */
export default {
  portal: {
    title: '诸暨乡镇权力运行公开平台',
    about: '本系统按照乡镇权力运行的规则，记录党委会、党政联席会议对重大事项的集体决策：议题告知、表态、表决和纪要，每一步都按议事规则把关。所有记录都写入防篡改的公开日志，任何人都可以查阅决议、核验记录是否被改动过。',
    find: '查找乡镇（街道）',
    findPlaceholder: '输入乡镇或街道名称',
    noMatch: '没有名称包含“{text}”的乡镇（街道）',
    allTownships: '全部 {n} 个乡镇（街道）',
    latest: '最新公开的决议',
    latestIntro: '会议纪要定稿后，通过的议题即向社会公开。',
    asProposed: '按所提方案通过',
    atMeeting: '{meeting}，{date}',
    more: '查看{township}的全部决议',
    record: '核验公开记录',
    recordIntro: '每条记录都可在公开记录中核验，确认其未被改动。',
    none: '暂无公开的决议',
  },
};
