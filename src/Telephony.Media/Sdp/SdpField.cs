namespace Telephony.Media.Sdp;

/// <summary>An SDP line kept as-is because the media layer does not interpret it (i=, u=, e=, p=, r=, z=, k=, b=, t=).</summary>
public sealed record SdpField(char Type, string Value)
{
    public override string ToString() => $"{Type}={Value}";
}
