# Plots the p99 send-interval deviation of each run's results CSV (written by Telephony.Bench.Media) against load.
# Usage: gnuplot -e "files='a.csv b.csv'; out='jitter.png'" bench/Telephony.Bench.Media/plot.gnuplot
dir = 'bench/Telephony.Bench.Media/results/'
if (!exists("files")) files = dir.'results-run-a.csv '.dir.'results-run-b.csv '.dir.'results-repeat.csv'
if (!exists("out")) out = dir.'jitter.png'
set datafile separator ','
set terminal pngcairo size 960,560 noenhanced
set output out
set title 'Telephony.Media, 2 cores, loopback, generator beside the server: p99 deviation of the 20 ms send interval'
set xlabel 'concurrent calls (IVR: calls playing a prompt; bridge: relayed pairs = 2 legs each)'
set ylabel 'p99 deviation from 20 ms (ms, log scale)'
set logscale y
set yrange [0.5:60]
set xrange [0:2100]
set key top right
set grid
set arrow from graph 0, first 2 to graph 1, first 2 nohead dashtype 2 lc rgb 'red'
set label 'target 2 ms' at graph 0.01, first 2.3 tc rgb 'red'
name(f) = f[strstrt(f, 'results-') + 8:strlen(f) - 4]
plot for [f in files] f skip 1 using (strcol(1) eq "ivr" ? $2 : NaN):5 with linespoints lw 2 pt 7 title 'IVR '.name(f), \
     for [f in files] f skip 1 using (strcol(1) eq "bridge" ? $2 : NaN):5 with linespoints lw 2 dashtype 3 pt 5 title 'bridge '.name(f)
