# Plots bench/Telephony.Bench.Media/results/results.csv (written by Telephony.Bench.Media) as jitter against concurrent calls.
# Usage: gnuplot -e "results='bench/Telephony.Bench.Media/results/results.csv'; out='bench/Telephony.Bench.Media/results/jitter.png'" bench/Telephony.Bench.Media/plot.gnuplot
if (!exists("results")) results = 'bench/Telephony.Bench.Media/results/results.csv'
if (!exists("out")) out = 'bench/Telephony.Bench.Media/results/jitter.png'
set datafile separator ','
set terminal pngcairo size 900,540 noenhanced
set output out
set title 'Telephony.Media on 2 cores: send-interval deviation vs concurrent calls (loopback, generator beside the server)'
set xlabel 'concurrent calls (bridge: relayed pairs)'
set ylabel 'deviation from 20 ms (ms, log scale)'
set logscale y
set yrange [0.1:60]
set key top left
set grid
set arrow from graph 0, first 2 to graph 1, first 2 nohead dashtype 2 lc rgb 'red'
set label 'p99 target 2 ms' at graph 0.02, first 2.4 tc rgb 'red'
plot results skip 1 using (strcol(1) eq "ivr" ? $2 : NaN):5 with linespoints lw 2 pt 7 title 'IVR prompt: p99', \
     results skip 1 using (strcol(1) eq "ivr" ? $2 : NaN):4 with linespoints lw 1 pt 6 title 'IVR prompt: p50', \
     results skip 1 using (strcol(1) eq "bridge" ? $2 : NaN):5 with linespoints lw 2 pt 5 title 'bridge relay: p99', \
     results skip 1 using (strcol(1) eq "bridge" ? $2 : NaN):4 with linespoints lw 1 pt 4 title 'bridge relay: p50'
