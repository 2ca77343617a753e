using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace StochasticAD.Packaging.Tests;

/// <summary>
/// Packs the packages with eng/pack.sh (which installs the tool from the local folder and runs a
/// consumer of the library and models packages) and checks what a user downloads. One pack serves every test.
/// </summary>
[Trait("Category", "Packaging")]
public sealed partial class PackageTests(PackedPackages packed, ITestOutputHelper output) : IClassFixture<PackedPackages>
{
    [Fact]
    public void PackScriptSucceeds()
    {
        output.WriteLine(packed.Log);
        Assert.True(packed.ExitCode == 0, $"eng/pack.sh exited with {packed.ExitCode}:\n{packed.Log}");
    }

    [Fact]
    public void InstalledToolRunsList()
    {
        // `stochad list` from the tool installed into a temporary tool path prints the built-in models.
        foreach (string model in new[] { "random-walk", "crazy", "game-of-life", "particle-filter", "sir" })
        {
            Assert.Contains(model, packed.Log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void InstalledToolRunsAnEstimateOnASilo()
    {
        // The tool leaves out Roslyn, which Orleans lists as a dependency: its silo and client still work.
        Assert.Matches(@"cluster: \{""model"":""random-walk"".*""samples"":2000,""mean"":[-0-9.E]+", packed.Log);
    }

    [Fact]
    public void ConsumerRunsTheReadmeQuickstart()
    {
        Assert.Matches(@"quickstart: x = [-0-9.E]+, triple = .+ε.*, estimate = [-0-9.E]+", packed.Log);
    }

    [Fact]
    public void ConsumerEstimatesABuiltInModel()
    {
        // The consumer restores StochasticAD.Models and estimates the random walk's derivative (fixed seed, 2000 samples).
        Match m = ModelLine().Match(packed.Log);
        Assert.True(m.Success, packed.Log);
        double mean = double.Parse(m.Groups["mean"].Value, CultureInfo.InvariantCulture);
        double stderr = double.Parse(m.Groups["stderr"].Value, CultureInfo.InvariantCulture);
        double exact = double.Parse(m.Groups["exact"].Value, CultureInfo.InvariantCulture);
        double z = (mean - exact) / stderr;
        Assert.True(Math.Abs(z) <= 4, FormattableString.Invariant($"seed 1: {mean} ± {stderr} vs exact {exact}, z = {z}"));
    }

    [Fact]
    public void EveryPackageHasASymbolsPackageButThePointer()
    {
        string[] packages = Directory.GetFiles(packed.Folder, "*.nupkg").Select(Path.GetFileName).ToArray()!;
        Assert.Contains("StochasticAD.0.1.0.nupkg", packages);
        Assert.Contains("StochasticAD.Models.0.1.0.nupkg", packages);
        Assert.Contains("StochasticAD.Cli.0.1.0.nupkg", packages);
        foreach (string rid in ToolPlatforms)
        {
            Assert.Contains($"StochasticAD.Cli.{rid}.0.1.0.nupkg", packages);
            Assert.True(File.Exists(Path.Combine(packed.Folder, $"StochasticAD.Cli.{rid}.0.1.0.snupkg")), rid);
        }

        Assert.True(File.Exists(Path.Combine(packed.Folder, "StochasticAD.0.1.0.snupkg")));
        Assert.True(File.Exists(Path.Combine(packed.Folder, "StochasticAD.Models.0.1.0.snupkg")));
    }

    [Fact]
    public void CoreDoesNotCarryTheModels()
    {
        using ZipArchive core = ZipFile.OpenRead(Path.Combine(packed.Folder, "StochasticAD.0.1.0.nupkg"));
        Assert.DoesNotContain(core.Entries, e => e.FullName.Contains("StochasticAD.Models", StringComparison.Ordinal));
        using ZipArchive models = ZipFile.OpenRead(Path.Combine(packed.Folder, "StochasticAD.Models.0.1.0.nupkg"));
        Assert.Contains(models.Entries, e => e.FullName == "lib/net10.0/StochasticAD.Models.dll");
        using var reader = new StreamReader(models.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        Assert.Contains("<dependency id=\"StochasticAD\" version=\"0.1.0\"", reader.ReadToEnd(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linux-x64")]
    [InlineData("win-x64")]
    [InlineData("any")]
    public void ToolPackagesCarryNoUnusedFiles(string rid)
    {
        // Install size: no Roslyn (listed by Orleans as a runtime dependency, never loaded), no satellite
        // resource assemblies, no XML documentation (DotnetToolSettings.xml is the tool's manifest).
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(packed.Folder, $"StochasticAD.Cli.{rid}.0.1.0.nupkg"));
        string[] unused = zip.Entries.Select(e => e.FullName)
            .Where(n => n.StartsWith("tools/", StringComparison.Ordinal)
                && (n.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal)
                    || n.EndsWith(".resources.dll", StringComparison.Ordinal)
                    || (n.EndsWith(".xml", StringComparison.Ordinal) && !n.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal))))
            .ToArray();
        Assert.True(unused.Length == 0, string.Join(", ", unused));
    }

    [Theory]
    [InlineData("StochasticAD.0.1.0.nupkg")]
    [InlineData("StochasticAD.Models.0.1.0.nupkg")]
    [InlineData("StochasticAD.Cli.0.1.0.nupkg")]
    [InlineData("StochasticAD.Cli.linux-x64.0.1.0.nupkg")]
    public void PackagedReadmeHasNoLinksIntoTheRepository(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(packed.Folder, package));
        ZipArchiveEntry? readme = zip.GetEntry("README.md");
        Assert.NotNull(readme);
        using var reader = new StreamReader(readme.Open());
        string text = reader.ReadToEnd();
        string[] relative = RelativeLink().Matches(text).Select(m => m.Value).ToArray();
        Assert.True(relative.Length == 0, $"{package}: relative links {string.Join(", ", relative)}");
    }

    [Theory]
    [InlineData("StochasticAD.0.1.0.nupkg")]
    [InlineData("StochasticAD.Models.0.1.0.nupkg")]
    [InlineData("StochasticAD.Cli.0.1.0.nupkg")]
    public void MetadataHasNoPlaceholderRepository(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(packed.Folder, package));
        ZipArchiveEntry nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var reader = new StreamReader(nuspec.Open());
        string text = reader.ReadToEnd();
        Assert.DoesNotContain("example.invalid", text, StringComparison.Ordinal);
        Assert.Contains("<readme>README.md</readme>", text, StringComparison.Ordinal);
        Assert.Contains("<tags>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PlatformPackagesCarryOnlyTheirOwnNativeLibraries()
    {
        // The size target: each platform's install holds one platform's SkiaSharp/HarfBuzz, not seventeen.
        foreach (string rid in new[] { "linux-x64", "win-x64" })
        {
            using ZipArchive zip = ZipFile.OpenRead(Path.Combine(packed.Folder, $"StochasticAD.Cli.{rid}.0.1.0.nupkg"));
            string[] natives = zip.Entries.Select(e => e.FullName).Where(n => Path.GetFileName(n) is "libSkiaSharp.so" or "libHarfBuzzSharp.so" or "libSkiaSharp.dll" or "libHarfBuzzSharp.dll" || n.Contains("/runtimes/", StringComparison.Ordinal)).ToArray();
            Assert.All(natives, n => Assert.StartsWith($"tools/net10.0/{rid}/lib", n, StringComparison.Ordinal));
            Assert.True(natives.Length == 2, rid + ": " + string.Join(", ", natives));
        }

        // The portable package serves win-arm64, which has no package of its own.
        using ZipArchive portable = ZipFile.OpenRead(Path.Combine(packed.Folder, "StochasticAD.Cli.any.0.1.0.nupkg"));
        string[] runtimes = portable.Entries.Select(e => e.FullName).Where(n => n.Contains("/runtimes/", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(runtimes);
        Assert.All(runtimes, n => Assert.Contains("/runtimes/win-arm64/", n, StringComparison.Ordinal));
    }

    private static readonly string[] ToolPlatforms = ["linux-x64", "linux-arm64", "osx-x64", "osx-arm64", "win-x64", "any"];

    [GeneratedRegex(@"\]\((?!https?://|#)[^)]*\)")]
    private static partial Regex RelativeLink();

    [GeneratedRegex(@"models: random-walk dE/dp = (?<mean>[-0-9.E]+) ± (?<stderr>[0-9.E-]+), exact (?<exact>[-0-9.E]+)")]
    private static partial Regex ModelLine();
}

/// <summary>Runs eng/pack.sh once into a temporary folder.</summary>
public sealed class PackedPackages : IDisposable
{
    public PackedPackages()
    {
        Folder = Directory.CreateTempSubdirectory("stochad-packages-").FullName;
        string root = RepositoryRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "eng", "pack.sh"), Folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        ExitCode = process.ExitCode;
        Log = stdout.Result + stderr.Result;
    }

    public string Folder { get; }

    public int ExitCode { get; }

    public string Log { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "StochasticAD.slnx")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (StochasticAD.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
