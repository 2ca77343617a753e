using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using StochasticAD.Backends;

namespace StochasticAD.Cli;

/// <summary>
/// Options whose values are parsed the same way everywhere: numbers in the invariant culture
/// (a decimal point, no group separators, whatever the machine's locale), whole numbers with
/// their range, and names compared case-insensitively. Parse errors name the option and the value.
/// </summary>
internal static class CliOptions
{
    private const NumberStyles RealStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>The jump strategies by their command-line names.</summary>
    public static readonly IReadOnlyList<(string Name, JumpStrategy Strategy)> Strategies =
    [
        ("default", JumpStrategy.Default),
        ("single-sided", JumpStrategy.SingleSided),
        ("two-sided", JumpStrategy.TwoSided),
        ("straight-through", JumpStrategy.StraightThrough),
        ("ignore-discrete", JumpStrategy.IgnoreDiscrete),
    ];

    /// <summary>An option taking one finite real number.</summary>
    public static Option<double?> Real(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => TryReal(Token(r), out double x) ? x : Error<double?>(r, $"{name} takes a finite number such as 0.5 or 1e-3 (a decimal point, no group separators), but got '{Token(r)}'."),
    };

    /// <summary>An option taking one whole number in [<paramref name="least"/>, <paramref name="most"/>].</summary>
    public static Option<long?> Whole(string name, string description, long least, long most, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        CustomParser = r =>
        {
            string text = Token(r);
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long x))
            {
                return Error<long?>(r, $"{name} takes a whole number, but got '{text}'.");
            }

            if (x < least)
            {
                return Error<long?>(r, least == 1 ? Invariant($"{name} must be > 0, but is {x}.") : Invariant($"{name} must be >= {least}, but is {x}."));
            }

            return x <= most ? x : Error<long?>(r, Invariant($"{name} must be at most {most}, but is {x}."));
        },
    };

    /// <summary>Parses a finite number in the invariant culture: sign, digits, decimal point, exponent; no group separators.</summary>
    public static bool TryReal(string? text, out double value) =>
        double.TryParse(text, RealStyle, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>The strategy called <paramref name="name"/> (case-insensitive, exact spelling otherwise).</summary>
    public static bool TryStrategy(string name, out JumpStrategy strategy)
    {
        foreach (var (known, value) in Strategies)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                strategy = value;
                return true;
            }
        }

        strategy = default;
        return false;
    }

    /// <summary>The command-line name of a strategy.</summary>
    public static string StrategyName(JumpStrategy strategy) => Strategies.First(s => s.Strategy == strategy).Name;

    /// <summary>The backend with this name, matched case-insensitively, or null.</summary>
    public static Backend? Backend(string name) =>
        BackendCatalog.All.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The message of an argument exception as a user reads it: without the framework's
    /// " (Parameter '…')" suffix and "Actual value was …" line.
    /// </summary>
    public static string Message(Exception e)
    {
        string message = e.Message;
        int end = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (end >= 0)
        {
            message = message[..end];
        }

        int line = message.IndexOfAny(['\r', '\n']);
        return line >= 0 ? message[..line] : message;
    }

    /// <summary>Formats with the invariant culture.</summary>
    public static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Token(ArgumentResult r) => r.Tokens.Count > 0 ? r.Tokens[0].Value : "";

    private static T? Error<T>(ArgumentResult r, string message)
    {
        r.AddError(message);
        return default;
    }
}
