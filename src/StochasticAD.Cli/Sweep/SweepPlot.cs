using System.Globalization;
using ScottPlot;
using StochasticAD.Cli.Figures;
using StochasticAD.Models;

namespace StochasticAD.Cli.Sweep;

/// <summary>The CSV and the PNG of <c>stochad sweep</c>.</summary>
internal static class SweepPlot
{
    /// <summary>The CSV columns, one row per swept value and estimator.</summary>
    public static readonly string[] Columns =
        ["model", "over", "x", "p", "estimator", "backend", "samples", "mean", "stderr", "std", "seconds_per_sample", "reference", "reference_stderr"];

    public static void WriteCsv(SweepPlan plan, IReadOnlyList<SweepRow> rows, string path)
    {
        Plotting.WriteCsv(path, Columns, rows.Select(row => (IReadOnlyList<object>)
        [
            plan.ModelName, plan.Over, row.X, row.P, row.Result.Estimator, row.Result.Backend, row.Result.Samples,
            row.Result.Mean, row.Result.StandardError, row.Result.StandardDeviation, row.Result.SecondsPerSample,
            row.Reference?.Value ?? double.NaN, row.Reference?.StandardError ?? double.NaN,
        ]));
    }

    public static void Draw(SweepPlan plan, IReadOnlyList<SweepRow> rows, string path)
    {
        string pText = plan.Over == "p" ? "" : plan.PPer is double k ? Invariant($", p = {k:G4} × {plan.Over}") : Invariant($", p = {rows[0].P:G6}");
        string fixedSettings = string.Concat(plan.Points[0].Settings
            .Where(kv => !string.Equals(kv.Key, plan.Over, StringComparison.OrdinalIgnoreCase))
            .Select(kv => Invariant($", {kv.Key} = {kv.Value:G6}")));
        pText += fixedSettings;
        string xLabel = plan.Over == "p" ? "p" : plan.PPer is double f ? Invariant($"{plan.Over} (p = {f:G4} × {plan.Over})") : plan.Over;
        Plot plot = plan.PlotMean
            ? Plotting.NewPlot($"{plan.ModelName}: dE[X]/dp, mean ± 2 stderr ({rows[0].Result.Samples} samples){pText}", xLabel, "dE[X]/dp")
            : Plotting.NewPlot($"{plan.ModelName}: per-sample std of the dE[X]/dp estimators{pText}", xLabel,
                plan.LinearY ? "standard deviation of one estimate" : "standard deviation of one estimate (log scale)");
        if (plan.PlotMean)
        {
            DrawMeans(plot, plan, rows);
        }
        else
        {
            DrawStd(plot, plan, rows);
        }

        // Means of a derivative may run anywhere in the frame: their legend goes outside it.
        if (plan.PlotMean)
        {
            plot.ShowLegend(Edge.Right);
        }
        else
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }
        Plotting.Save(plot, path);
    }

    private static void DrawStd(Plot plot, SweepPlan plan, IReadOnlyList<SweepRow> rows)
    {
        foreach (string estimator in plan.Estimators)
        {
            SweepRow[] mine = [.. rows.Where(r => r.Result.Estimator == estimator)];
            if (mine.Length == 0)
            {
                continue;
            }

            double[] xs = [.. mine.Select(r => r.X)];
            // Log scale: plot log10(std); a zero std (a deterministic estimate) has no place on it and is left out.
            double[] ys = [.. mine.Select(r => plan.LinearY ? r.Result.StandardDeviation : (r.Result.StandardDeviation > 0 ? Math.Log10(r.Result.StandardDeviation) : double.NaN))];
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = estimator;
            line.MarkerSize = 7;
            line.LineWidth = 2;
        }

        if (!plan.LinearY)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => Math.Pow(10, y).ToString("G4", CultureInfo.InvariantCulture),
            };
            plot.Grid.MinorLineWidth = 1;
            plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        }
    }

    private static void DrawMeans(Plot plot, SweepPlan plan, IReadOnlyList<SweepRow> rows)
    {
        DrawReference(plot, plan, rows);
        double[] distinct = [.. rows.Select(r => r.X).Distinct().Order()];
        double spacing = distinct.Length > 1 ? distinct.Zip(distinct.Skip(1), (a, b) => b - a).Min() : 1;
        int m = plan.Estimators.Count;
        for (int e = 0; e < m; e++)
        {
            SweepRow[] mine = [.. rows.Where(r => r.Result.Estimator == plan.Estimators[e])];
            if (mine.Length == 0)
            {
                continue;
            }

            // Estimators side by side around each x, so their error bars do not hide each other.
            double offset = (e - ((m - 1) / 2.0)) * 0.12 * spacing;
            double[] xs = [.. mine.Select(r => r.X + offset)];
            double[] ys = [.. mine.Select(r => r.Result.Mean)];
            var marks = plot.Add.Scatter(xs, ys);
            marks.LineWidth = 0;
            marks.MarkerSize = 7;
            marks.LegendText = plan.Estimators[e] + " ± 2 stderr";
            var bars = plot.Add.ErrorBar(xs, ys, [.. mine.Select(r => 2 * r.Result.StandardError)]);
            bars.Color = marks.Color;
        }
    }

    /// <summary>The exact/reference derivative: a fine curve over p when sweeping p with an exact value, else a line through the swept values.</summary>
    private static void DrawReference(Plot plot, SweepPlan plan, IReadOnlyList<SweepRow> rows)
    {
        SweepRow[] atPoints = [.. rows.Where(r => r.Reference is not null).GroupBy(r => r.X).Select(g => g.First()).OrderBy(r => r.X)];
        if (atPoints.Length == 0)
        {
            return;
        }

        double[] xs, ys;
        bool exact = atPoints.All(r => r.Reference!.Value.StandardError == 0);
        if (plan.Over == "p" && exact && atPoints.Length > 1)
        {
            StochasticModel model = ModelCatalog.Create(plan.ModelName, plan.Points[0].Settings);
            double a = atPoints[0].X, b = atPoints[^1].X;
            xs = [.. Enumerable.Range(0, 200).Select(i => a + ((b - a) * i / 199))];
            ys = [.. xs.Select(p => model.ReferenceDerivative(p)?.Value ?? double.NaN)];
        }
        else
        {
            xs = [.. atPoints.Select(r => r.X)];
            ys = [.. atPoints.Select(r => r.Reference!.Value.Value)];
        }

        var line = plot.Add.ScatterLine(xs, ys);
        line.LegendText = exact ? "exact" : "reference";
        line.Color = Colors.Black;
        line.LinePattern = LinePattern.Dashed;
        line.LineWidth = 1.5f;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
