/* Simplified Chinese text of the session area: the login page. Keys mirror en.js. */
export default {
  login: {
    title: '登录',
    login: '用户名',
    password: '密码',
    submit: '登录',
    required: '请输入用户名和密码',
    welcome: '欢迎，{name}',
    loggedOut: '已退出登录',
    anonymousNote: '未登录也可查阅公开的组织信息。',
  },
};
