using Microsoft.Win32.SafeHandles;

namespace Telephony.Speech.Native;

/// <summary>Owns a native VoskModel*; freed exactly once even if the owner forgets to dispose.</summary>
internal sealed class VoskModelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public VoskModelHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        VoskNative.vosk_model_free(handle);
        return true;
    }
}

/// <summary>Owns a native VoskRecognizer*. Vosk keeps the model alive by reference counting, so the model handle may be released first.</summary>
internal sealed class VoskRecognizerHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public VoskRecognizerHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        VoskNative.vosk_recognizer_free(handle);
        return true;
    }
}
