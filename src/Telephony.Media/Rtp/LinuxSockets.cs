using System.Runtime.InteropServices;

namespace Telephony.Media.Rtp;

/// <summary>
/// The few Linux calls the shared receive engine needs: epoll to wait on thousands of sockets from a couple of
/// threads, and recvfrom with MSG_DONTWAIT so an empty socket answers EAGAIN instead of throwing.
/// </summary>
internal static unsafe partial class LinuxSockets
{
    public const uint EpollIn = 0x001;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const int MsgDontWait = 0x40;
    public const int EpollCloexec = 0x80000;

    /// <summary>struct epoll_event is packed (12 bytes) on x86-64 and naturally aligned (16 bytes) elsewhere.</summary>
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    public static readonly int EventDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    public static bool IsSupported => OperatingSystem.IsLinux() &&
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollControl(int epoll, int operation, int fd, byte* @event);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, byte* events, int maxEvents, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "recvfrom", SetLastError = true)]
    public static partial nint ReceiveFrom(int fd, byte* buffer, nint length, int flags, byte* address, int* addressLength);

    /// <summary>sched_setscheduler(0, ...) changes the calling thread only (Linux schedules threads, not processes).</summary>
    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    public static partial int SetScheduler(int pid, int policy, int* priority);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    public static partial int SetPriority(int which, int who, int nice);

    [LibraryImport("libc", EntryPoint = "gettid")]
    public static partial int GetThreadId();

    /// <summary>
    /// Gives the calling thread a better nice value so it is not starved on a busy machine. Unlike a real-time
    /// policy this cannot freeze the machine if the thread spins (a UDP flood), it only weighs more in the share.
    /// Returns false without root or CAP_SYS_NICE.
    /// </summary>
    public static bool TryRaiseNice(int nice)
    {
        if (!IsSupported || Environment.GetEnvironmentVariable("TELEPHONY_MEDIA_REALTIME") == "0")
        {
            return false;
        }

        try
        {
            return SetPriority(0, GetThreadId(), nice) == 0;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
