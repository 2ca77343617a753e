using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using StochasticAD.Cli;

namespace StochasticAD.Engine.Tests;

/// <summary>
/// Issue 11, items 1 and 8: numbers are read and written in the invariant culture whatever the
/// machine's culture (in process, with CurrentCulture switched; and as a process under LANG/LC_ALL),
/// and Ctrl-C on the real process exits 130 through the command line's own handler.
/// </summary>
public sealed class HardeningCultureTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "stochad-culture-" + Guid.NewGuid().ToString("N"));

    public HardeningCultureTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string, int, string> CultureCases()
    {
        var data = new TheoryData<string, string, int, string>();
        foreach (string culture in new[] { "de-DE", "fr-FR" })
        {
            data.Add(culture, "estimate random-walk --p 12.5 -n 20 --json", 0, "\"p\":12.5,");
            data.Add(culture, "estimate crazy --p 0.5 -n 20 --json", 0, "\"p\":0.5,");
            data.Add(culture, "estimate crazy --stderr 0.5 --max-samples 5000 --json", 0, "\"target_stderr\":0.5,");
            data.Add(culture, "estimate crazy -e fd --h 0.005 -n 20 --json", 0, "\"fd_step\":0.005,");
            data.Add(culture, "estimate crazy --p 0,5 -n 20", 2, "--p takes a finite number");
            data.Add(culture, "estimate random-walk --p 1.000 -n 20 --json", 0, "\"p\":1,");
            data.Add(culture, "estimate crazy -n 200", 0, "exact 47.76");
            data.Add(culture, "list", 0, "p = 0.6 (0 < p < 1)");
            data.Add(culture, "sweep crazy --over p --values 0.25,0.5 --estimators triple -n 20 -o {dir}/s.png", 0, "p = 0.25");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CultureCases))]
    public async Task The_machine_culture_changes_nothing(string culture, string commandLine, int exit, string fragment)
    {
        CultureInfo before = CultureInfo.CurrentCulture, beforeUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            using var stdout = new StringWriter(CultureInfo.InvariantCulture);
            using var stderr = new StringWriter(CultureInfo.InvariantCulture);
            string[] args = commandLine.Replace("{dir}", _dir, StringComparison.Ordinal).Split(' ');
            int code = await CliApp.RunAsync(args, stdout, stderr);
            Assert.True(code == exit, $"{culture}: {commandLine} → {code}\n{stderr}");
            Assert.Contains(fragment, exit == 0 ? stdout.ToString() : stderr.ToString(), StringComparison.Ordinal);
            HardeningCliTests.AssertClean(stdout.ToString() + stderr);
            if (commandLine.StartsWith("sweep", StringComparison.Ordinal))
            {
                string[] csv = await File.ReadAllLinesAsync(Path.Combine(_dir, "s.csv"));
                Assert.Equal("0.25", csv[1].Split(',')[3]);
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
            CultureInfo.CurrentUICulture = beforeUi;
        }
    }

    [Theory]
    [InlineData("de_DE.UTF-8")]
    [InlineData("fr_FR.UTF-8")]
    public async Task A_process_under_a_european_locale_reads_a_decimal_point(string locale)
    {
        var (code, stdout, stderr) = await RunProcess(locale, null, "estimate", "random-walk", "--p", "12.5", "-n", "20", "--json");
        Assert.True(code == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout.Trim());
        Assert.Equal(12.5, doc.RootElement.GetProperty("p").GetDouble());

        (code, _, stderr) = await RunProcess(locale, null, "estimate", "random-walk", "--p", "1,5", "-n", "20");
        Assert.Equal(2, code);
        Assert.Contains("no group separators", stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Item 8: about 1 in 8 interrupts crashed in the library's termination handler (exit 134). The
    /// interrupt comes after the CLI has used the given processor time, not wall time: a SIGINT that
    /// arrives while the .NET runtime is still starting (the first ~0.2–0.4 s of a quiet machine,
    /// seconds under load) is dropped by the runtime before any handler of ours exists — a plain
    /// .NET program that only sleeps does the same — so a wall-clock delay made this test hang
    /// whenever the machine was loaded.
    /// </summary>
    [Theory]
    [InlineData(700)]
    [InlineData(1100)]
    [InlineData(1500)]
    public async Task Item08_sigint_cancels_cleanly_with_exit_130(int delayMs)
    {
        var (code, _, stderr) = await RunProcess(null, TimeSpan.FromMilliseconds(delayMs), "estimate", "crazy", "-n", "10000000000", "--json");
        Assert.True(code == CliApp.Cancelled, $"exit {code} after SIGINT at {delayMs} ms:\n{stderr}");
        Assert.Contains("cancelled", stderr, StringComparison.Ordinal);
        HardeningCliTests.AssertClean(stderr);
    }

    /// <summary>Runs the built stochad.dll (copied beside the tests) as a process, optionally under a locale and interrupted with SIGINT.</summary>
    /// <param name="locale">LANG and LC_ALL of the process, or null to inherit them.</param>
    /// <param name="interruptAfter">Send SIGINT once the process has used this much processor time (null: never).</param>
    /// <param name="args">The command line.</param>
    private static async Task<(int Code, string Out, string Err)> RunProcess(string? locale, TimeSpan? interruptAfter, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "stochad.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        if (locale is not null)
        {
            start.Environment["LANG"] = locale;
            start.Environment["LC_ALL"] = locale;
        }

        if (interruptAfter is not null)
        {
            SignalDisposition.EnsureInterruptIsNotIgnored();
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (interruptAfter is { } cpu)
        {
            var waited = Stopwatch.StartNew();
            while (!process.HasExited && process.TotalProcessorTime < cpu && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(10);
            }

            using Process kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Do not leave a CLI that ignored the interrupt running (it would keep burning the CPU
            // the rest of the suite needs); fail with what it printed.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"stochad {string.Join(' ', args)} did not exit within 60 s{(interruptAfter is null ? "" : " of SIGINT")}; stderr: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>
/// A child inherits an ignored SIGINT (POSIX: a shell without job control starts background jobs so,
/// and `nohup` does too), and then no handler can ever see it. Resets SIGINT to the default action in
/// this process when, and only when, it was inherited as ignored, so the CLI under test starts as it
/// would from a terminal. A handler the runtime installed is left alone.
/// </summary>
internal static class SignalDisposition
{
    private const int Sigint = 2;

    public static void EnsureInterruptIsNotIgnored()
    {
        if (OperatingSystem.IsLinux() && InterruptIgnored())
        {
            _ = NativeMethods.Signal(Sigint, 0); // SIG_DFL
        }
    }

    private static bool InterruptIgnored()
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << (Sigint - 1))) != 0;
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "signal")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern nint Signal(int signum, nint handler);
    }
}
