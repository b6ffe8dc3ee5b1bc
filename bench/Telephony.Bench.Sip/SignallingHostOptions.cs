using System.Globalization;

namespace Telephony.Bench.Sip;

/// <summary>sipp load parameters for the signalling-only host run.</summary>
public sealed record SignallingHostOptions(int Rate, int Limit, int Calls, int Seconds, string Transport)
{
    public static SignallingHostOptions Parse(string[] args)
    {
        var options = new SignallingHostOptions(Rate: 500, Limit: 2000, Calls: 30000, Seconds: 60, Transport: "u1");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--rate" => options with { Rate = int.Parse(value, CultureInfo.InvariantCulture) },
                "--limit" => options with { Limit = int.Parse(value, CultureInfo.InvariantCulture) },
                "--calls" => options with { Calls = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seconds" => options with { Seconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--transport" => options with { Transport = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
        }

        return options;
    }
}
