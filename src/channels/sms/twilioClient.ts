import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';

/**
 * Sends Twilio's REST calls to another base address (a local stand-in in tests); everything
 * else, request signing and parsing included, is the real `twilio` client.
 */
class RedirectingRequestClient extends RequestClient {
  constructor(private readonly base: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({
      ...opts,
      uri: opts.uri.replace(/^https:\/\/[a-z.-]*twilio\.com/, this.base),
    });
  }
}

export type TwilioClient = ReturnType<typeof twilio>;

export function createTwilioClient(
  accountSid: string,
  authToken: string,
  apiBase?: string,
): TwilioClient {
  return twilio(
    accountSid,
    authToken,
    apiBase ? { httpClient: new RedirectingRequestClient(apiBase.replace(/\/$/, '')) } : {},
  );
}
