/*
 * English text of the portal area: the public home page. Keys mirror
 * zh-CN.js.
 */
export default {
  portal: {
    title: "Zhuji townships' exercise of power, in the open",
    about: "This system records how township party committees and joint meetings decide major matters together: notice of the topics, each member's statement, the vote and the minutes, every step checked against the rulebook. Every record goes into a tamper-evident public log, so anyone can read the resolutions and check that no record was changed.",
    find: 'Find a township or subdistrict',
    findPlaceholder: 'Type a township or subdistrict name',
    noMatch: 'No township or subdistrict is named like "{text}"',
    allTownships: 'All {n} townships and subdistricts',
    latest: 'Latest public resolutions',
    latestIntro: 'Once the minutes are final, the items passed are made public.',
    asProposed: 'Passed as proposed',
    atMeeting: '{meeting}, {date}',
    more: 'All resolutions of {township}',
    record: 'Verify the public record',
    recordIntro: 'Every record can be checked against the public log to confirm it was not changed.',
    none: 'No public resolutions yet',
  },
};
