using Telephony.Speech.Intent;
using Telephony.Speech.Recognition;
using Telephony.Speech.Tests.Support;

namespace Telephony.Speech.Tests;

/// <summary>The engine with the real libvosk.so: every bad model gives one clear sentence and DTMF only, never a crash.</summary>
public sealed class SpeechEngineTests
{
    private static readonly SpeechMenu Menu = new([new SpeechChoice("1", ["retraite"])]);

    [LibvoskFact]
    public void Without_a_model_the_engine_is_up_but_unavailable_and_refuses_recognizers_with_the_reason()
    {
        using var engine = SpeechEngine.Start(new SpeechOptions());

        Assert.False(engine.IsAvailable);
        Assert.True(engine.Availability.LibraryLoaded);
        Assert.Equal(SpeechProblem.NoModelConfigured, engine.Availability.Problem);
        Assert.Equal("dtmf-only", engine.Availability.Mode);
        var refused = Assert.Throws<SpeechRecognizerException>(() => engine.Create(Menu));
        Assert.Contains("no model configured (Speech:ModelPath): DTMF only", refused.Message);
    }

    [LibvoskFact]
    public void A_model_path_that_does_not_exist_is_named_in_the_detail()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));

        using var engine = SpeechEngine.Start(new SpeechOptions { ModelPath = missing });

        Assert.Equal(SpeechProblem.ModelNotFound, engine.Availability.Problem);
        Assert.Contains($"model directory {missing} not found (Speech:ModelPath): DTMF only", engine.Availability.Detail);
    }

    [LibvoskFact]
    public void An_empty_model_directory_is_reported_as_empty()
    {
        using var model = FakeModel.Empty();

        using var engine = SpeechEngine.Start(new SpeechOptions { ModelPath = model.Path });

        Assert.Equal(SpeechProblem.NotAModel, engine.Availability.Problem);
        Assert.Contains($"model directory {model.Path} is empty", engine.Availability.Detail);
        Assert.EndsWith("DTMF only", engine.Availability.Detail);
    }

    [LibvoskFact]
    public void A_model_missing_its_graph_lists_the_missing_files()
    {
        using var model = FakeModel.WellFormed();
        model.Delete("graph/HCLr.fst");
        model.Delete("graph/Gr.fst");

        using var engine = SpeechEngine.Start(new SpeechOptions { ModelPath = model.Path });

        Assert.Equal(SpeechProblem.ModelIncomplete, engine.Availability.Problem);
        Assert.Contains("is incomplete: missing graph/HCLr.fst, graph/Gr.fst", engine.Availability.Detail);
    }

    [LibvoskFact]
    public void Garbage_in_am_and_conf_is_refused_before_Vosk_reads_it()
    {
        using var model = FakeModel.WellFormed();
        model.Write("am/final.mdl", FakeModel.Junk(4096));
        model.Write("conf/model.conf", "beam = 10\n");

        using var engine = SpeechEngine.Start(new SpeechOptions { ModelPath = model.Path });

        Assert.Equal(SpeechProblem.ModelCorrupt, engine.Availability.Problem);
        Assert.Contains("am/final.mdl does not start with <TransitionModel>", engine.Availability.Detail);
        Assert.Contains("conf/model.conf line 1 is not a Kaldi option", engine.Availability.Detail);
        Assert.False(engine.IsAvailable);
    }

    [LibvoskFact]
    public void A_truncated_model_that_passes_the_checks_is_refused_by_Vosk_itself_without_a_crash()
    {
        // Right openings, junk after them: what a download cut short looks like. Only Kaldi can tell; it must say no.
        using var model = FakeModel.WellFormed();

        using var engine = SpeechEngine.Start(new SpeechOptions { ModelPath = model.Path, LogLevel = -2 });

        Assert.Equal(SpeechProblem.ModelLoadFailed, engine.Availability.Problem);
        Assert.Contains($"Vosk could not load the model at {model.Path}", engine.Availability.Detail);
        Assert.EndsWith("DTMF only", engine.Availability.Detail);
        Assert.Throws<SpeechRecognizerException>(() => engine.Create(Menu));
    }

    [LibvoskFact]
    public void The_probe_keeps_its_contract_for_the_host()
    {
        using var model = FakeModel.WellFormed();
        model.Write("graph/HCLr.fst", FakeModel.Junk(100));

        var availability = SpeechRuntime.Probe(new SpeechOptions { ModelPath = model.Path });

        Assert.True(availability.LibraryLoaded);
        Assert.False(availability.SpeechEnabled);
        Assert.Contains("graph/HCLr.fst is not an OpenFst file", availability.Detail);
    }

    [Fact]
    public void A_missing_library_is_a_typed_problem()
    {
        var availability = SpeechRuntime.Probe(new SpeechOptions { LibraryPath = "/nonexistent/libvosk.so" });

        Assert.Equal(SpeechProblem.LibraryMissing, availability.Problem);
        Assert.False(availability.SpeechEnabled);
    }
}
