using StochasticAD.Cli;

namespace StochasticAD.Orleans.Tests;

/// <summary>The command line's cluster options reject bad input with exit code 2 and a message naming it.</summary>
public sealed class SiloCliTests
{
    private static async Task<(int Code, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error);
        return (code, error.ToString());
    }

    [Theory]
    [InlineData("--silo-port", "0", "silo port")]
    [InlineData("--gateway-port", "70000", "gateway port")]
    [InlineData("--advertise", "not-an-ip", "not-an-ip")]
    [InlineData("--primary", "localhost", "localhost")]
    [InlineData("--threads", "-1", "threads")]
    [InlineData("--log-level", "loud", "loud")]
    [InlineData("--models", "/no/such/models.dll", "/no/such/models.dll")]
    [InlineData("--config", "/no/such/silo.json", "/no/such/silo.json")]
    public async Task Silo_rejects_bad_options(string option, string value, string named)
    {
        var (code, error) = await Run("silo", option, value);
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Estimate_rejects_a_malformed_cluster_gateway()
    {
        var (code, error) = await Run("estimate", "random-walk", "--samples", "100", "--cluster", "localhost:port");
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("localhost:port", error, StringComparison.Ordinal);
    }
}
