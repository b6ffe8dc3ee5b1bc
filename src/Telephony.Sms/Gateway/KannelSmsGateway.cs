using System.Globalization;
using System.Net;
using System.Text;

namespace Telephony.Sms;

/// <summary>
/// Kannel's smsbox <c>/cgi-bin/sendsms</c>: one GET per SMS, the text in UTF-8 with the coding this side chose
/// (0: GSM 7-bit, 2: UCS-2). Kannel answers 202 when it has taken the SMS (accepted, or queued for later delivery);
/// anything else, no answer, or no answer in time is a failure the outbox retries.
/// </summary>
/// <remarks>
/// Kannel splits a long text into concatenated segments only when its <c>sendsms-user</c> has
/// <c>concatenation = true</c> and <c>max-messages</c> at least <c>Sms:MaxSegments</c>; otherwise it truncates to one
/// segment without saying so (see the README).
/// </remarks>
public sealed class KannelSmsGateway : ISmsGateway, IDisposable
{
    private const int MaxDetailLength = 200;

    private readonly SmsSettings _settings;
    private readonly HttpClient _http;

    public KannelSmsGateway(SmsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        // A fresh connection now and then follows a gateway moved behind the same name; no proxy: the gateway is near.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseProxy = false })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.Timeout);
        try
        {
            using var response = await _http.GetAsync(RequestUri(message), HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = Shorten(await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false));
            var status = (int)response.StatusCode;
            return response.StatusCode == HttpStatusCode.Accepted
                ? SmsSendResult.Accept(body)
                : SmsSendResult.Fail(string.Create(CultureInfo.InvariantCulture, $"HTTP {status}: {body}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SmsSendResult.Fail($"no answer within {_settings.TimeoutSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            // The message names the host and port (connection refused...), never the query with the credentials.
            return SmsSendResult.Fail(Shorten(ex.Message));
        }
    }

    /// <summary>The sendsms request; internal so tests can check the parameters.</summary>
    internal Uri RequestUri(SmsMessage message)
    {
        var coding = SmsShape.Of(message.Text).Coding;
        var query = new StringBuilder();
        Append(query, "username", _settings.Username!);
        Append(query, "password", _settings.Password!);
        Append(query, "from", _settings.Sender!);
        Append(query, "to", message.To);
        Append(query, "text", message.Text);
        Append(query, "charset", "UTF-8");
        Append(query, "coding", ((int)coding).ToString(CultureInfo.InvariantCulture));
        return new Uri($"{_settings.GatewayUrl}?{query}");
    }

    public void Dispose() => _http.Dispose();

    private static void Append(StringBuilder query, string name, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        // Percent-encoded UTF-8, as charset=UTF-8 tells Kannel; '+' in a number would otherwise read as a space.
        query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxDetailLength ? line : line[..MaxDetailLength];
    }
}
