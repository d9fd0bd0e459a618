/* Simplified Chinese text of the session area: the login page. Keys mirror en.js. */
export default {
  login: {
    title: '登录',
    login: '用户名',
    password: '密码',
    submit: '登录',
    required: '请输入用户名和密码',
    welcome: '欢迎，{name}',
    welcomeAccount: '欢迎，已登录',
    loggedOut: '已退出登录',
    anonymousNote: '未登录也可查阅公开的组织信息。',
    codeTitle: '输入验证码',
    codeNote: '您的账号已开启两步验证，请输入手机身份验证器显示的 6 位验证码。',
    code: '验证码',
    codeSubmit: '验证并登录',
    codeRequired: '请输入验证码',
    codeDigits: '验证码为 {n} 位数字',
    back: '返回重新输入密码',
  },
};
