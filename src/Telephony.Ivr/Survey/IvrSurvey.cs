namespace Telephony.Ivr;

/// <summary>
/// A line's satisfaction survey (the script's <c>survey:</c>): once the agent has hung up, the caller hears one
/// question and answers with one key from <see cref="MinScore"/> to <see cref="MaxScore"/>. The host runs it with a
/// <see cref="SurveySession"/>; silence, another key or a hang-up is stored as no answer.
/// </summary>
/// <param name="Prompt">The question, which says which keys to press.</param>
/// <param name="Timeout">How long the caller has to press a key once the question is over.</param>
/// <param name="ThanksPrompt">Played after a valid answer; null: the host hangs up at once.</param>
public sealed record IvrSurvey(IvrPrompt Prompt, TimeSpan Timeout, IvrPrompt? ThanksPrompt)
{
    public const int MinScore = 1;
    public const int MaxScore = 5;

    public IEnumerable<IvrPrompt> Prompts => new[] { Prompt, ThanksPrompt }.OfType<IvrPrompt>();

    /// <summary>The score a key gives, or null for a key that is no answer.</summary>
    public static int? ScoreOf(char key) => key is >= (char)('0' + MinScore) and <= (char)('0' + MaxScore) ? key - '0' : null;
}
