Console.WriteLine("simd-nn: under construction");
