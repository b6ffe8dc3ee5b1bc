namespace Telephony.Sip.Tests.Registrar;

/// <summary>A fact skipped, with the reason printed, when baresip is not on PATH.</summary>
public sealed class BaresipFactAttribute : FactAttribute
{
    public BaresipFactAttribute()
    {
        if (BaresipProcess.FindExecutable() is null)
        {
            Skip = "baresip is not installed (apt-get install baresip): real-phone registration tests skipped";
        }
    }
}
