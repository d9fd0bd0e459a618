/* English text of the indicators area: the 三多三少 indicators. Keys mirror zh-CN.js. */
export default {
  indicators: {
    title: 'Three more, three fewer',
    intro: 'More notice, discussion and collective decisions; fewer ad-hoc motions, votes without discussion and decisions alone.',
    from: 'From',
    to: 'To',
    period: 'Period',
    summary: 'From {from} to {to} (exclusive), {meetings} meetings',
    pair: {
      notice: 'Notice in advance',
      discussion: 'Discussion before the decision',
      collective: 'Collective decision',
    },
    more: 'More',
    fewer: 'Fewer',
    notified: 'items notified in advance',
    adhoc: 'ad-hoc motions',
    discussed: 'items discussed',
    voteOnly: 'items decided by vote only',
    collective: 'matters decided collectively',
    individual: 'matters decided alone',
    nothing: 'nothing to measure',
    trend: 'Month by month',
    trendIntro: 'The share of items notified in advance, of items discussed before the decision and of matters decided collectively, each month; a month with nothing to measure is left blank.',
    noTrend: 'The period spans more than 60 months: no month-by-month chart.',
  },
};
