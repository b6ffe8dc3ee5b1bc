using Microsoft.Extensions.Time.Testing;
using Telephony.Calls.Conversations;
using Telephony.Ivr;

namespace Telephony.Calls.Tests;

/// <summary>The line's satisfaction question after the agent hangs up, over the real CNAV script's survey.</summary>
public sealed class SatisfactionSurveyTests
{
    private static readonly IvrScript Cnav = IvrScriptSet.LoadDirectory(RepositoryRoot.IvrScripts).FindByDialedNumber("3960")!;

    [Fact]
    public async Task A_key_from_1_to_5_is_the_score_and_the_caller_hears_the_question_then_the_thanks()
    {
        var caller = new FakeCallChannel();
        var asking = new ScriptSatisfactionSurvey(TimeProvider.System).AskAsync(caller, Cnav);

        Assert.Equal("survey", await caller.NextPromptStartedAsync());
        caller.Press('4');
        var answer = await asking.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(4, answer!.Score);
        Assert.Equal(["survey", "survey-thanks"], caller.Played);
    }

    [Fact]
    public async Task Silence_until_the_timeout_is_no_answer()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var caller = new FakeCallChannel();
        var asking = new ScriptSatisfactionSurvey(time).AskAsync(caller, Cnav);

        Assert.Equal("survey", await caller.NextPromptStartedAsync());
        for (var step = 0; step < 100 && !asking.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromSeconds(2));
            await Task.WhenAny(asking, Task.Delay(20));
        }

        var answer = await asking.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(answer);
        Assert.Null(answer.Score);
    }

    [Fact]
    public async Task A_key_that_is_no_score_is_no_answer_and_not_asked_again()
    {
        var caller = new FakeCallChannel();
        var asking = new ScriptSatisfactionSurvey(TimeProvider.System).AskAsync(caller, Cnav);

        Assert.Equal("survey", await caller.NextPromptStartedAsync());
        caller.Press('9');
        var answer = await asking.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(answer!.Score);
        Assert.Single(caller.Played, "survey");
    }

    [Fact]
    public async Task A_caller_hanging_up_during_the_question_is_no_answer()
    {
        var caller = new FakeCallChannel { PromptsFinishImmediately = false };
        var asking = new ScriptSatisfactionSurvey(TimeProvider.System).AskAsync(caller, Cnav);

        Assert.Equal("survey", await caller.NextPromptStartedAsync());
        caller.CallerHangsUp();
        var answer = await asking.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(answer);
        Assert.Null(answer.Score);
    }

    [Fact]
    public async Task A_key_pressed_while_talking_to_the_agent_is_not_taken_as_the_answer()
    {
        var caller = new FakeCallChannel();
        caller.Press('5');
        var asking = new ScriptSatisfactionSurvey(TimeProvider.System).AskAsync(caller, Cnav);

        Assert.Equal("survey", await caller.NextPromptStartedAsync());
        caller.Press('2');
        var answer = await asking.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, answer!.Score);
    }
}
