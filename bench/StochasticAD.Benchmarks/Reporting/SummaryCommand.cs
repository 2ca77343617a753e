using System.Diagnostics;

namespace StochasticAD.Benchmarks.Reporting;

/// <summary>The <c>summary</c> command: times the benchmarks, runs the efficiency study, writes the report.</summary>
internal static class SummaryCommand
{
    public static int Run(IReadOnlyList<string> args)
    {
        SummaryOptions? options = SummaryOptions.Parse(args, out string? error);
        if (options is null)
        {
            (error is null ? Console.Out : Console.Error).WriteLine(error is null ? SummaryOptions.Usage : $"{error}\n{SummaryOptions.Usage}");
            return error is null ? 0 : 2;
        }

        var timer = Stopwatch.StartNew();
        MachineInfo machine = MachineInfo.Collect();
        Console.WriteLine(options.InProcess ? "Timing the benchmarks in this process…" : "Timing the benchmarks, each in a process of its own…");
        var (models, arithmetic, userLevel) = TimingRunner.Run(options);

        var studies = new List<ModelStudy>();
        foreach (string name in BenchModels.Names)
        {
            Console.Write($"Sampling the estimators on {name}… ");
            ModelStudy study = ModelStudy.Run(name, models, options.Quick);
            Console.WriteLine(Format.Seconds(study.Elapsed));
            studies.Add(study);
        }

        Console.Write("One-pass gradients against K separate runs… ");
        var gradientTimer = Stopwatch.StartNew();
        IReadOnlyList<GradientStudy> gradients = GradientStudy.RunAll(options.Quick);
        Console.WriteLine(Format.Seconds(gradientTimer.Elapsed));

        var report = new SummaryReport(options, machine, models, arithmetic, studies, timer.Elapsed) { Gradients = gradients, UserLevel = userLevel };
        Directory.CreateDirectory(Path.GetDirectoryName(options.OutputPath)!);
        File.WriteAllText(options.OutputPath, report.ToMarkdown());
        Console.WriteLine($"Wrote {options.OutputPath} ({Format.Seconds(timer.Elapsed)}).");
        return 0;
    }
}
