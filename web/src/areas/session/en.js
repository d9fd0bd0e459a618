/* English text of the session area: the login page. Keys mirror zh-CN.js. */
export default {
  login: {
    title: 'Log in',
    login: 'Login',
    password: 'Password',
    submit: 'Log in',
    required: 'Enter your login and password',
    welcome: 'Welcome, {name}',
    welcomeAccount: 'Welcome, you are signed in',
    loggedOut: 'Logged out',
    anonymousNote: 'The public organisation model can be read without logging in.',
    codeTitle: 'Enter the code',
    codeNote: 'Your account uses two-factor sign-in: enter the 6 digits your authenticator app shows.',
    code: 'Code',
    codeSubmit: 'Verify and log in',
    codeRequired: 'Enter the code',
    codeDigits: 'The code is {n} digits',
    back: 'Back to the password',
  },
};
