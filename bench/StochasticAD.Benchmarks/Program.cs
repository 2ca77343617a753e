using BenchmarkDotNet.Running;

// Arguments go to BenchmarkDotNet's switcher (e.g. --filter '*Arithmetic*', --list flat).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
