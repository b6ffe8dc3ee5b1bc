using Telephony.Ivr;
using Telephony.Server.Hosting;
using Telephony.Server.Reporting;

// `telephony ivr check|prompts ...` is the script authors' tool, `telephony report ...` the managers' daily report
// (same configuration and database as the service); anything else runs the service.
if (args.Length > 0 && args[0] == "ivr")
{
    return IvrCommandLine.Run(args[1..], Console.Out, Console.Error);
}

if (args.Length > 0 && args[0] == "report")
{
    return await ReportCommandLine.RunAsync(args[1..], Console.Out, Console.Error);
}

// appsettings.json ships beside the binary; relative paths inside it (ivr-scripts/, data/) stay relative to the
// working directory, so `scripts/run.sh` from the checkout finds the scripts and keeps its data under ./data/.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddTelephony();

var app = builder.Build();
app.MapTelephonyEndpoints();
await app.RunAsync();
return 0;
