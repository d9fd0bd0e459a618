/* English text of the session area: the login page. Keys mirror zh-CN.js. */
export default {
  login: {
    title: 'Log in',
    login: 'Login',
    password: 'Password',
    submit: 'Log in',
    required: 'Enter your login and password',
    welcome: 'Welcome, {name}',
    loggedOut: 'Logged out',
    anonymousNote: 'The public organisation model can be read without logging in.',
  },
};
