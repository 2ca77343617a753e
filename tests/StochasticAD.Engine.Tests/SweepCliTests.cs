using System.Globalization;
using StochasticAD.Cli;

namespace StochasticAD.Engine.Tests;

public sealed class SweepCliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "stochad-sweep-tests-" + Guid.NewGuid().ToString("N"));

    public SweepCliTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliTests.Run(args);

    [Fact]
    public async Task Sweep_over_a_setting_with_p_tied_writes_one_csv_row_per_value_and_estimator_and_a_png()
    {
        string png = Path.Combine(_folder, "rw.png");
        var (code, stdout, stderr) = await Run(
            "sweep", "random-walk", "--over", "steps", "--values", "10,20,...,40", "--p-per", "2", "--samples", "300", "--threads", "2", "-o", png);
        Assert.True(code == 0, stderr);
        Assert.Contains("wrote", stdout, StringComparison.Ordinal);
        Assert.True(new FileInfo(png).Length > 1000);
        string[] lines = File.ReadAllLines(Path.ChangeExtension(png, ".csv"));
        Assert.Equal("model,over,x,p,estimator,backend,samples,mean,stderr,std,seconds_per_sample,reference,reference_stderr", lines[0]);
        Assert.Equal(1 + (4 * 4), lines.Length);
        string[][] rows = [.. lines.Skip(1).Select(l => l.Split(','))];
        Assert.Equal(["10", "10", "10", "10", "20", "20", "20", "20", "30", "30", "30", "30", "40", "40", "40", "40"], rows.Select(r => r[2]));
        Assert.All(rows, r => Assert.Equal(2 * double.Parse(r[2], CultureInfo.InvariantCulture), double.Parse(r[3], CultureInfo.InvariantCulture)));
        Assert.Equal(["triple", "score", "score-cv", "fd"], rows.Take(4).Select(r => r[4]));
        Assert.All(rows, r => Assert.Equal("300", r[6]));
        Assert.All(rows, r => Assert.True(double.Parse(r[9], CultureInfo.InvariantCulture) > 0));
    }

    [Fact]
    public async Task Sweep_over_p_with_a_mean_plot_and_chosen_estimators()
    {
        string png = Path.Combine(_folder, "crazy.png");
        var (code, _, stderr) = await Run(
            "sweep", "crazy", "--over", "p", "--from", "0.2", "--to", "0.8", "--points", "3", "--estimators", "triple,fd", "--plot", "mean", "--samples", "200", "-o", png);
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(png));
        string[] lines = File.ReadAllLines(Path.ChangeExtension(png, ".csv"));
        Assert.Equal(1 + (3 * 2), lines.Length);
        Assert.Equal(["0.2", "0.2", "0.5", "0.5", "0.8", "0.8"], lines.Skip(1).Select(l => l.Split(',')[3]));
    }

    [Fact]
    public async Task From_to_points_round_and_deduplicate_whole_number_settings()
    {
        string png = Path.Combine(_folder, "round.png");
        var (code, _, stderr) = await Run(
            "sweep", "random-walk", "--over", "steps", "--from", "1", "--to", "3", "--points", "5", "--estimators", "triple", "--samples", "50", "-o", png);
        Assert.True(code == 0, stderr);
        Assert.Equal(["1", "2", "3"], File.ReadAllLines(Path.ChangeExtension(png, ".csv")).Skip(1).Select(l => l.Split(',')[2]));
    }

    [Theory]
    [InlineData("sweep", "no-such-model", "--over", "p", "--values", "1,2")]
    [InlineData("sweep", "random-walk", "--over", "colour", "--values", "1,2")]
    [InlineData("sweep", "random-walk", "--over", "steps")]
    [InlineData("sweep", "random-walk", "--over", "steps", "--values", "10,20", "--from", "1", "--to", "2", "--points", "2")]
    [InlineData("sweep", "random-walk", "--over", "steps", "--from", "1", "--to", "5", "--points", "1")]
    [InlineData("sweep", "random-walk", "--over", "steps", "--values", "10,abc")]
    [InlineData("sweep", "random-walk", "--over", "steps", "--values", "10,...,100")]
    [InlineData("sweep", "random-walk", "--over", "steps", "--values", "10.5,20")]
    [InlineData("sweep", "random-walk", "--over", "steps", "--values", "-10,20")]
    [InlineData("sweep", "random-walk", "--over", "p", "--values", "10,20", "--p-per", "2")]
    [InlineData("sweep", "random-walk", "--over", "steps", "--values", "10,20", "--p-per", "-1")]
    [InlineData("sweep", "random-walk", "--over", "steps", "--values", "10,20", "--p-per", "2", "--p", "3")]
    [InlineData("sweep", "random-walk", "--over", "steps", "--values", "10,20", "--set", "steps=5")]
    [InlineData("sweep", "random-walk", "--over", "p", "--values", "-1,20")]
    [InlineData("sweep", "random-walk", "--over", "p", "--values", "10,20", "--estimators", "triple,magic")]
    [InlineData("sweep", "random-walk", "--over", "p", "--values", "10,20", "--plot", "pie")]
    [InlineData("sweep", "random-walk", "--over", "p", "--values", "10,20", "--samples", "0")]
    [InlineData("sweep", "random-walk", "--over", "p", "--values", "10,20", "--backend", "quantum")]
    [InlineData("sweep", "crazy", "--over", "p", "--values", "0.001,0.5")]
    [InlineData("sweep", "random-walk", "--values", "10,20")]
    public async Task Bad_arguments_exit_2_with_a_message_and_write_nothing(params string[] args)
    {
        string png = Path.Combine(_folder, "bad.png");
        var (code, _, stderr) = await Run([.. args, "-o", png]);
        Assert.Equal(CliApp.UsageError, code);
        Assert.StartsWith("stochad:", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(png));
    }
}
