namespace Telephony.Ivr.Tests;

/// <summary>
/// The satisfaction survey of a line: its <c>survey:</c> section, and the session the host runs once the agent has
/// hung up (one key from 1 to 5; silence, another key or a hang-up are no answer).
/// </summary>
public sealed class SurveyTests : IDisposable
{
    private const string Survey = """
        survey:
          prompt: { id: survey, text: "Êtes-vous satisfait ? Tapez de 1 à 5." }
          timeout: 8s
          thanks-prompt: { id: survey-thanks, text: "Merci." }

        """;

    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_survey_section_is_read_and_its_prompts_are_prompts_of_the_script()
    {
        var script = Load(Survey);

        var survey = script.Survey!;

        Assert.Equal(("survey", "Êtes-vous satisfait ? Tapez de 1 à 5."), (survey.Prompt.Id, survey.Prompt.Text));
        Assert.Equal(("survey-thanks", "Merci."), (survey.ThanksPrompt!.Id, survey.ThanksPrompt.Text));
        Assert.Equal(TimeSpan.FromSeconds(8), survey.Timeout);
        Assert.Contains(script.Prompts, p => p.Id == "survey");
        Assert.Contains(script.Prompts, p => p.Id == "survey-thanks");
    }

    [Fact]
    public void A_script_without_survey_has_none_and_cannot_run_one()
    {
        var script = Load(string.Empty);

        Assert.Null(script.Survey);
        Assert.Throws<ArgumentException>(() => new SurveySession(script));
    }

    [Fact]
    public void Every_shipped_line_asks_the_satisfaction_question_with_its_wavs()
    {
        Assert.All(ShippedScripts.Set.Scripts, script =>
        {
            Assert.NotNull(script.Survey);
            Assert.StartsWith("Êtes-vous satisfait de votre appel ? Tapez 1", script.Survey!.Prompt.Text);
            Assert.All(script.Survey.Prompts, p => Assert.True(File.Exists(script.PromptPath(p.Id)), script.PromptPath(p.Id)));
        });
    }

    [Theory]
    [InlineData("  timeout: 8s\n", "", 2, 3, "survey: missing required field 'timeout'")]
    [InlineData("  timeout: 8s\n", "  timeout: 2m\n", 3, 12, "survey: 'timeout' must be a duration between 1ms and 1 minute, like 5s or 1500ms")]
    [InlineData("  timeout: 8s\n", "  timeout: 8s\n  keys: \"12345\"\n", 4, 3, "survey: unknown field 'keys'")]
    [InlineData("id: survey-thanks", "id: welcome", 4, 24, "prompt 'welcome' has a different text than at line 12; one id, one recording")]
    public void Each_mistake_in_the_survey_is_reported_at_its_line_and_column(string field, string replacement, int line, int column, string message)
    {
        _dir.Write("test", Survey.Replace(field, replacement, StringComparison.Ordinal) + ScriptDirectory.ValidScript);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((line, column, message), (error.Line, error.Column, error.Message));
    }

    [Theory]
    [InlineData('1', 1)]
    [InlineData('2', 2)]
    [InlineData('3', 3)]
    [InlineData('4', 4)]
    [InlineData('5', 5)]
    public void A_key_from_1_to_5_is_the_score_thanked_before_the_survey_ends(char key, int score)
    {
        var (survey, script) = Started(Survey);
        Assert.Equal([new StartInputTimer(TimeSpan.FromSeconds(8))], survey.Handle(new PromptFinished("survey")));

        var afterKey = survey.Handle(new DigitPressed(key));
        var afterThanks = survey.Handle(new PromptFinished("survey-thanks"));

        Assert.Equal([new PlayPrompt("survey-thanks", script.PromptPath("survey-thanks"), BargeIn: false)], afterKey);
        Assert.Equal([new SurveyFinished(score, SurveyEnding.Answered)], afterThanks);
        Assert.Equal((score, SurveyEnding.Answered, true), (survey.Score, survey.Ending, survey.IsFinished));
        Assert.Empty(survey.Handle(new DigitPressed('1')));
    }

    [Theory]
    [InlineData('0')]
    [InlineData('6')]
    [InlineData('9')]
    [InlineData('*')]
    [InlineData('#')]
    public void Another_key_is_no_answer_and_is_not_asked_again(char key)
    {
        var (survey, _) = Started(Survey);
        survey.Handle(new PromptFinished("survey"));

        Assert.Equal([new SurveyFinished(null, SurveyEnding.InvalidKey)], survey.Handle(new DigitPressed(key)));
        Assert.Null(survey.Score);
    }

    [Fact]
    public void Silence_until_the_timeout_is_no_answer()
    {
        var (survey, _) = Started(Survey);
        survey.Handle(new PromptFinished("survey"));

        Assert.Equal([new SurveyFinished(null, SurveyEnding.Silence)], survey.Handle(new InputTimedOut()));
    }

    [Fact]
    public void Hanging_up_before_answering_is_no_answer()
    {
        var (survey, _) = Started(Survey);

        Assert.Equal([new SurveyFinished(null, SurveyEnding.HungUp)], survey.Handle(new CallerHungUp()));
        Assert.Empty(survey.Handle(new InputTimedOut()));
    }

    [Fact]
    public void Hanging_up_during_the_thanks_keeps_the_score_given()
    {
        var (survey, _) = Started(Survey);
        survey.Handle(new DigitPressed('4'));

        Assert.Equal([new SurveyFinished(4, SurveyEnding.Answered)], survey.Handle(new CallerHungUp()));
    }

    [Fact]
    public void A_key_during_the_question_answers_at_once_and_without_thanks_the_survey_ends_there()
    {
        var (survey, script) = Started(Survey.Replace("  thanks-prompt: { id: survey-thanks, text: \"Merci.\" }\n", string.Empty, StringComparison.Ordinal));

        Assert.Null(script.Survey!.ThanksPrompt);
        Assert.Equal([new SurveyFinished(2, SurveyEnding.Answered)], survey.Handle(new DigitPressed('2')));
    }

    [Fact]
    public void A_timer_that_elapses_while_the_question_plays_is_stale()
    {
        var (survey, _) = Started(Survey);

        Assert.Empty(survey.Handle(new InputTimedOut()));
        Assert.False(survey.IsFinished);
    }

    [Fact]
    public void The_survey_starts_once_and_with_the_question_open_to_barge_in()
    {
        var script = Load(Survey);
        var survey = new SurveySession(script);

        Assert.Throws<InvalidOperationException>(() => survey.Handle(new DigitPressed('1')));
        Assert.Equal([new PlayPrompt("survey", script.PromptPath("survey"), BargeIn: true)], survey.Start());
        Assert.Throws<InvalidOperationException>(() => survey.Start());
    }

    [Fact]
    public void The_simulator_runs_the_survey_after_an_agent_answers()
    {
        var text = Simulation.OfShipped("cpam", "--keys", "2,1", "--queue", "answered", "--keys", "5");

        Assert.Contains("an agent answers", text);
        Assert.Contains("[survey] ♪ survey: \"Êtes-vous satisfait de votre appel ?", text);
        Assert.Contains("→ survey score 5 (answered), hang up", text);
    }

    private IvrScript Load(string survey) => _dir.Write("test", survey + ScriptDirectory.ValidScript).Load().Scripts.Single();

    private (SurveySession Survey, IvrScript Script) Started(string survey)
    {
        var script = Load(survey);
        var session = new SurveySession(script);
        session.Start();
        return (session, script);
    }
}
