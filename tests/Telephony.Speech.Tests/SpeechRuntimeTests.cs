using Telephony.Speech.Native;
using Telephony.Speech.Tests.Support;

namespace Telephony.Speech.Tests;

public sealed class SpeechRuntimeTests
{
    [Fact]
    public void A_missing_library_path_is_reported_plainly_and_leaves_the_service_on_DTMF()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "libvosk.so");

        var availability = SpeechRuntime.Probe(new SpeechOptions { LibraryPath = missing, ModelPath = "/models/fr" });

        Assert.False(availability.LibraryLoaded);
        Assert.False(availability.ModelLoaded);
        Assert.False(availability.SpeechEnabled);
        Assert.Contains("libvosk not found at " + missing, availability.Detail);
        Assert.Contains("Speech:LibraryPath", availability.Detail);
        Assert.EndsWith("DTMF only", availability.Detail);
    }

    [Fact]
    public void A_file_that_is_not_a_shared_library_is_reported_without_throwing()
    {
        var directory = Directory.CreateTempSubdirectory("speech-tests-");
        try
        {
            var fake = Path.Combine(directory.FullName, "libvosk.so");
            File.WriteAllText(fake, "this is not an ELF file");

            var availability = SpeechRuntime.Probe(new SpeechOptions { LibraryPath = fake });

            Assert.False(availability.LibraryLoaded);
            Assert.Contains("could not be loaded", availability.Detail);
            Assert.EndsWith("DTMF only", availability.Detail);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [LibvoskFact]
    public void The_fetched_library_loads_and_its_functions_are_callable()
    {
        var availability = SpeechRuntime.Probe(new SpeechOptions());

        Assert.True(availability.LibraryLoaded, availability.Detail);
        Assert.Contains("libvosk loaded from ", availability.Detail);
        Assert.NotNull(VoskLibrary.LoadedPath);
        // Goes through the import resolver: would throw DllNotFoundException if it were not installed.
        VoskNative.vosk_set_log_level(-1);
    }

    [LibvoskFact]
    public void Without_a_model_the_library_loads_but_the_service_says_it_is_DTMF_only()
    {
        var availability = SpeechRuntime.Probe(new SpeechOptions { ModelPath = null });

        Assert.True(availability.LibraryLoaded, availability.Detail);
        Assert.False(availability.ModelLoaded);
        Assert.Contains("no model configured (Speech:ModelPath): DTMF only", availability.Detail);
    }

    [LibvoskFact]
    public void A_model_path_that_does_not_exist_or_is_not_a_model_is_reported_as_DTMF_only()
    {
        var directory = Directory.CreateTempSubdirectory("speech-tests-");
        try
        {
            var missing = SpeechRuntime.Probe(new SpeechOptions { ModelPath = Path.Combine(directory.FullName, "absent") });
            File.WriteAllText(Path.Combine(directory.FullName, "README"), "not a model");
            var notAModel = SpeechRuntime.Probe(new SpeechOptions { ModelPath = directory.FullName });

            Assert.False(missing.ModelLoaded);
            Assert.Contains("not found", missing.Detail);
            Assert.False(notAModel.ModelLoaded);
            Assert.Contains("is not a Vosk model", notAModel.Detail);
            Assert.EndsWith("DTMF only", notAModel.Detail);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_default_library_location_is_found_by_walking_up_from_a_subdirectory()
    {
        var root = Directory.CreateTempSubdirectory("speech-tests-");
        var previous = Directory.GetCurrentDirectory();
        try
        {
            var library = Path.Combine(root.FullName, VoskLibrary.DefaultRelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(library)!);
            File.WriteAllBytes(library, []);
            var deep = Directory.CreateDirectory(Path.Combine(root.FullName, "a", "b", "c"));

            Directory.SetCurrentDirectory(deep.FullName);
            var found = VoskLibrary.FindLibrary(null);

            // The app directory may also lie under a checkout with the real library; the current directory is searched first.
            Assert.Equal(library, found);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            root.Delete(recursive: true);
        }
    }
}
