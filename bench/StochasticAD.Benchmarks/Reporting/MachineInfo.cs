using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Running;

namespace StochasticAD.Benchmarks.Reporting;

/// <summary>What machine, runtime and commit the numbers come from.</summary>
/// <param name="Cpu">The CPU model (/proc/cpuinfo).</param>
/// <param name="LogicalCores">Environment.ProcessorCount.</param>
/// <param name="LoadAverage">The load averages (1, 5, 15 min) when the summary started, from /proc/loadavg; other work on the machine makes the timings noisy.</param>
/// <param name="Os">The operating system.</param>
/// <param name="Runtime">The .NET runtime and architecture.</param>
/// <param name="DateUtc">When the summary ran.</param>
/// <param name="Commit">The git commit of the repository.</param>
/// <param name="BenchmarkDotNetVersion">The BenchmarkDotNet version.</param>
internal sealed record MachineInfo(
    string Cpu, int LogicalCores, string LoadAverage, string Os, string Runtime, string DateUtc, string Commit, string BenchmarkDotNetVersion)
{
    /// <summary>Collects the information; call it when the summary starts (the load average is read then).</summary>
    public static MachineInfo Collect() => new(
        CpuModel(),
        Environment.ProcessorCount,
        LoadAverages(),
        RuntimeInformation.OSDescription,
        $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})",
        DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        GitCommit(),
        typeof(BenchmarkRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? typeof(BenchmarkRunner).Assembly.GetName().Version?.ToString() ?? "unknown");

    /// <summary>The directory holding StochasticAD.slnx, looking up from the working directory; null if none.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StochasticAD.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string LoadAverages()
    {
        const string loadAvg = "/proc/loadavg";
        return File.Exists(loadAvg) ? string.Join(", ", File.ReadAllText(loadAvg).Split(' ').Take(3)) : "unknown";
    }

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            foreach (string line in File.ReadLines(cpuInfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is int colon and >= 0)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }

        return $"unknown ({RuntimeInformation.ProcessArchitecture})";
    }

    /// <summary>The short commit, marked when the working tree has uncommitted changes; "unknown" without git.</summary>
    private static string GitCommit()
    {
        string? commit = Git("rev-parse --short HEAD");
        if (string.IsNullOrWhiteSpace(commit))
        {
            return "unknown";
        }

        string? status = Git("status --porcelain --untracked-files=no");
        return string.IsNullOrWhiteSpace(status) ? commit : commit + " (with uncommitted changes)";
    }

    private static string? Git(string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = RepositoryRoot() ?? Directory.GetCurrentDirectory(),
            };
            using Process? git = Process.Start(start);
            if (git is null)
            {
                return null;
            }

            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on PATH
        }
    }
}
