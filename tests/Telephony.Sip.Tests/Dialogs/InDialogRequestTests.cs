namespace Telephony.Sip.Tests.Dialogs;

/// <summary>
/// Requests the far end sends inside an answered call (RFC 3261 §12.2.2) get the same treatment whichever side
/// placed the call: BYE, INFO, OPTIONS and re-INVITE reach the dialog, out-of-order ones are refused.
/// </summary>
public class InDialogRequestTests
{
    [Theory]
    [InlineData(CallDirection.Incoming)]
    [InlineData(CallDirection.Outgoing)]
    public async Task Options_inside_the_dialog_gets_200_with_allow_accept_and_supported(CallDirection direction)
    {
        await using var dialog = await DialogUnderTest.EstablishAsync(direction);

        await dialog.FarEnd.SendAsync(dialog.Request("OPTIONS", 2));
        var response = await dialog.FarEnd.ReceiveResponseAsync(200, cseq: 2, method: "OPTIONS");

        Assert.Contains("INVITE", response.Headers.Get("Allow"), StringComparison.Ordinal);
        Assert.Contains("application/sdp", response.Headers.Get("Accept"), StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("Supported"));
        Assert.Equal(dialog.Dialog.LocalTag, response.To.Tag);
    }

    [Fact]
    public async Task Options_naming_a_dialog_that_does_not_exist_gets_481()
    {
        await using var dialog = await DialogUnderTest.EstablishAsync(CallDirection.Incoming);
        var peer = dialog.FarEnd;

        await peer.SendAsync(peer.Request("OPTIONS", dialog.Dialog.CallId, Endpoint.EndpointFixture.NewBranch(), cseq: 2, toTag: "not-our-tag"));

        Assert.Equal(481, (await peer.ReceiveResponseAsync(481, cseq: 2)).StatusCode);
    }

    [Theory]
    [InlineData(CallDirection.Incoming)]
    [InlineData(CallDirection.Outgoing)]
    public async Task A_request_with_a_lower_cseq_than_the_last_one_gets_500_and_the_call_goes_on(CallDirection direction)
    {
        await using var dialog = await DialogUnderTest.EstablishAsync(direction);
        var digits = new List<char>();
        dialog.Dialog.InfoDigitReceived += digits.Add;
        const string Digit = "Content-Type: application/dtmf-relay\r\n";

        await dialog.FarEnd.SendAsync(dialog.Request("INFO", 5, Digit, "Signal=5\r\nDuration=160\r\n"));
        await dialog.FarEnd.ReceiveResponseAsync(200, cseq: 5);
        await dialog.FarEnd.SendAsync(dialog.Request("INFO", 4, Digit, "Signal=4\r\nDuration=160\r\n"));
        var outOfOrder = await dialog.FarEnd.ReceiveResponseAsync(500, cseq: 4);
        await dialog.FarEnd.SendAsync(dialog.Request("BYE", 6));
        await dialog.FarEnd.ReceiveResponseAsync(200, cseq: 6);

        Assert.Equal("INFO", outOfOrder.CSeq.Method);
        Assert.Equal(['5'], digits);
        Assert.Equal(CallTerminationReason.RemoteBye, (await dialog.Dialog.Terminated.WaitAsync(TimeSpan.FromSeconds(3))).Reason);
    }

    [Theory]
    [InlineData(CallDirection.Incoming)]
    [InlineData(CallDirection.Outgoing)]
    public async Task The_contact_of_a_reinvite_becomes_the_target_of_our_bye(CallDirection direction)
    {
        await using var dialog = await DialogUnderTest.EstablishAsync(direction);

        await dialog.FarEnd.SendAsync(dialog.Request("INVITE", 2, body: DialogUnderTest.HoldOffer, contact: dialog.MovedContact));
        await dialog.FarEnd.ReceiveResponseAsync(200, cseq: 2, method: "INVITE");
        await dialog.FarEnd.SendAsync(dialog.Request("ACK", 2, contact: dialog.MovedContact));
        var hangingUp = dialog.Dialog.HangUpAsync();
        var bye = await dialog.FarEnd.ReceiveRequestAsync("BYE");
        await dialog.FarEnd.SendAsync(DialogUnderTest.Ok(bye));
        await hangingUp.WaitAsync(TimeSpan.FromSeconds(3));

        Assert.Equal(dialog.MovedContact, bye.RequestUri.ToString());
        Assert.Equal(CallTerminationReason.LocalHangUp, (await dialog.Dialog.Terminated).Reason);
    }

    [Theory]
    [InlineData(CallDirection.Incoming)]
    [InlineData(CallDirection.Outgoing)]
    public async Task Bye_from_the_far_end_is_answered_200_and_ends_the_call(CallDirection direction)
    {
        await using var dialog = await DialogUnderTest.EstablishAsync(direction);

        await dialog.FarEnd.SendAsync(dialog.Request("BYE", 7));
        await dialog.FarEnd.ReceiveResponseAsync(200, cseq: 7, method: "BYE");
        // The dialog is gone: a second BYE names nothing.
        await dialog.FarEnd.SendAsync(dialog.Request("BYE", 8));
        await dialog.FarEnd.ReceiveResponseAsync(481, cseq: 8);

        Assert.Equal(CallTerminationReason.RemoteBye, (await dialog.Dialog.Terminated.WaitAsync(TimeSpan.FromSeconds(3))).Reason);
    }
}
