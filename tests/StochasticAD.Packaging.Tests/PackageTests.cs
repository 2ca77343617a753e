using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace StochasticAD.Packaging.Tests;

/// <summary>
/// Packs both packages with eng/pack.sh (which installs the tool from the local folder and runs a
/// consumer of the library package) and checks what a user downloads. One pack serves every test.
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
    public void ConsumerRunsTheReadmeQuickstart()
    {
        Assert.Matches(@"quickstart: x = [-0-9.E]+, triple = .+ε.*, estimate = [-0-9.E]+", packed.Log);
    }

    [Fact]
    public void EveryPackageHasASymbolsPackageButThePointer()
    {
        string[] packages = Directory.GetFiles(packed.Folder, "*.nupkg").Select(Path.GetFileName).ToArray()!;
        Assert.Contains("StochasticAD.0.1.0.nupkg", packages);
        Assert.Contains("StochasticAD.Cli.0.1.0.nupkg", packages);
        foreach (string rid in new[] { "linux-x64", "linux-arm64", "osx-x64", "osx-arm64", "any" })
        {
            Assert.Contains($"StochasticAD.Cli.{rid}.0.1.0.nupkg", packages);
            Assert.True(File.Exists(Path.Combine(packed.Folder, $"StochasticAD.Cli.{rid}.0.1.0.snupkg")), rid);
        }

        Assert.True(File.Exists(Path.Combine(packed.Folder, "StochasticAD.0.1.0.snupkg")));
    }

    [Theory]
    [InlineData("StochasticAD.0.1.0.nupkg")]
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
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(packed.Folder, "StochasticAD.Cli.linux-x64.0.1.0.nupkg"));
        string[] natives = zip.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".so", StringComparison.Ordinal) || n.EndsWith(".dylib", StringComparison.Ordinal) || n.EndsWith(".dll", StringComparison.Ordinal) && n.Contains("Sharp.", StringComparison.Ordinal) && n.StartsWith("lib", StringComparison.Ordinal)).ToArray();
        Assert.All(natives, n => Assert.StartsWith("tools/net10.0/linux-x64/", n, StringComparison.Ordinal));
        Assert.Equal(2, natives.Length);

        using ZipArchive portable = ZipFile.OpenRead(Path.Combine(packed.Folder, "StochasticAD.Cli.any.0.1.0.nupkg"));
        string[] runtimes = portable.Entries.Select(e => e.FullName).Where(n => n.Contains("/runtimes/", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(runtimes);
        Assert.All(runtimes, n => Assert.Matches("/runtimes/win-(x64|arm64)/", n));
    }

    [GeneratedRegex(@"\]\((?!https?://|#)[^)]*\)")]
    private static partial Regex RelativeLink();
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
