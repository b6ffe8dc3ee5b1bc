using BenchmarkDotNet.Running;
using Telephony.Bench.Sip;

// parse: BenchmarkDotNet parser throughput. host: SipEndpoint under a sipp call load (signalling only).
return args.FirstOrDefault() switch
{
    "parse" => RunParser(args[1..]),
    "host" => await SignallingHost.RunAsync(SignallingHostOptions.Parse(args[1..])),
    _ => Usage(),
};

static int RunParser(string[] rest)
{
    BenchmarkRunner.Run<ParserBenchmarks>(args: rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Telephony.Bench.Sip parse [BenchmarkDotNet args]
               Telephony.Bench.Sip host [--rate 500] [--limit 2000] [--calls 30000] [--seconds 60] [--transport u1|t1]
        """);
    return 2;
}
