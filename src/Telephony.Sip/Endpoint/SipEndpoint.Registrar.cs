using Telephony.Sip.Messages;
using Telephony.Sip.Registrar;
using Telephony.Sip.Transport;

namespace Telephony.Sip;

/// <summary>REGISTER goes to the attached registrar; without one it keeps getting 405.</summary>
public sealed partial class SipEndpoint
{
    private volatile SipRegistrar? _registrar;

    /// <summary>The attached registrar, or null.</summary>
    public ISipRegistrar? Registrar => _registrar;

    /// <summary>Answers REGISTER with this registrar from now on.</summary>
    public void UseRegistrar(SipRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        WatchAuthentication(registrar);
        _registrar = registrar;
    }

    private bool TryHandleRegister(SipRequest request, SipFlow flow)
    {
        if (request.Method != SipMethods.Register || _registrar is not { } registrar)
        {
            return false;
        }

        if (OpenServerTransaction(request, flow) is not { } transaction)
        {
            return true;
        }

        if (CheckGenerally(request) is { } error)
        {
            _ = transaction.RespondAsync(error);
            return true;
        }

        _ = Task.Run(async () =>
        {
            SipResponse response;
            try
            {
                response = await registrar.HandleRegisterAsync(request, flow).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log.Log(SipLogLevel.Error, $"Registrar failed on a REGISTER from {flow}", e);
                response = ResponseBuilder.Create(request, 500, "Server Internal Error", SipIds.NewTag(), _options.UserAgent);
            }

            await transaction.RespondAsync(response).ConfigureAwait(false);
        });
        return true;
    }
}
