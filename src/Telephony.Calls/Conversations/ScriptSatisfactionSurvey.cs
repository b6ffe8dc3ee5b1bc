using Telephony.Calls.Channels;
using Telephony.Ivr;

namespace Telephony.Calls.Conversations;

/// <summary>
/// The satisfaction survey a line's script describes. Until the script format carries a survey, no line has one and
/// nothing is asked.
/// </summary>
public sealed class ScriptSatisfactionSurvey : ISatisfactionSurvey
{
    public Task<SurveyAnswer?> AskAsync(ICallChannel caller, IvrScript script) => Task.FromResult<SurveyAnswer?>(null);
}
