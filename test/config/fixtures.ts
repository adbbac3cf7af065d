/** The smallest environment the bot starts with. Not a test file itself. */
export const minimal = {
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: 'signing-secret',
  BANDWIDTH_ACCOUNT_ID: '9900000',
  BANDWIDTH_CLIENT_ID: 'client-id',
  BANDWIDTH_CLIENT_SECRET: 'client-secret',
  BANDWIDTH_SITE_ID: '12345',
  WEBHOOK_USERNAME: 'bandwidth',
  WEBHOOK_PASSWORD: 'webhook-password',
  APPROVERS: 'U0123ABCD, S0456EFGH',
};
