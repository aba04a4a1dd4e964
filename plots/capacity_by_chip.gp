# flopcast chart template: peak and effective capacity by chip type.
#
# flopcast fills the @...@ fields and writes this script beside its data file
# (capacity_by_chip.dat: chip id, peak PFLOP/s, effective PFLOP/s ("?" without a published peak),
# chips (and "no ... peak"), achieved PFLOP/s of a training run on that chip type or "?", the run)
# and the images
# capacity_by_chip.svg, .png and .pdf.
# Restyle the chart by editing the written copy and running:  gnuplot capacity_by_chip.gp
title_text  = "@TITLE@"
source_text = "@SOURCE@"
y_label     = "Dense @PRECISION@ throughput (PFLOP/s)"
with_runs   = @RUNS@   # 1: a third bar, the model FLOP/s a training run achieves (step model)
decimals    = @DECIMALS@   # of the axis and bar labels: a small fleet's ticks would repeat as whole numbers

set title title_text font ",14"
set ylabel y_label
set xlabel "Chip type (number of chips)"
set yrange [0:*]
set offsets 0, 0, graph 0.25, 0  # headroom for the value labels and the three-line key (one chip type: its peak bar sits under the key)
set grid ytics lc rgb "#c8c8c8"
set key top right box opaque
set style data histograms
set style histogram clustered gap 1
# Solid dark and hatched light bars stay distinguishable in greyscale print.
set style fill solid 1.0 border rgb "black"
set boxwidth 0.9
set label 1 source_text at screen 0.01, screen 0.015 font ",9" tc rgb "#555555"
set bmargin 5
# Plain integers whatever the locale (a locale's thousands separator would make the chart differ
# between machines, and `set decimal locale` prints a line on every run).
fmt = sprintf("%%.%df", decimals)
set format y fmt
set datafile missing "?"

# Bar offsets: two bars per chip type, or three with the achieved training throughput, which
# then comes first (the chart leads with what the training runs deliver, issue 16).
off = with_runs ? 0.27 : 0.22
xlabels = 'xtic(sprintf("%s (%s)", strcol(1), strcol(4)))'
if (with_runs) \
  plot_it = 'plot "capacity_by_chip.dat" using 5:' . xlabels . ' title "Achieved in the training run (step model)" fs solid 1.0 lc rgb "#d08a2e", \
    "" using 3 title "Effective (peak x flat utilisation)" fs pattern 2 lc rgb "#4d4d4d", \
    "" using 2 title "Peak" lc rgb "#1b3a5c", \
    "" using ($0 - off):5:(sprintf(fmt, $5)) with labels offset 0, 0.7 font ",10" notitle, \
    "" using ($0):3:(sprintf(fmt, $3)) with labels offset 0, 0.7 font ",10" notitle, \
    "" using ($0 + off):2:(sprintf(fmt, $2)) with labels offset 0, 0.7 font ",10" notitle'; \
else \
  plot_it = 'plot "capacity_by_chip.dat" using 2:' . xlabels . ' title "Peak" lc rgb "#1b3a5c", \
    "" using 3 title "Effective (peak x flat utilisation)" fs pattern 2 lc rgb "#4d4d4d", \
    "" using ($0 - off):2:(sprintf(fmt, $2)) with labels offset 0, 0.7 font ",10" notitle, \
    "" using ($0 + off):3:(sprintf(fmt, $3)) with labels offset 0, 0.7 font ",10" notitle'

set terminal svg size 960,600 dynamic font "sans,12" background rgb "white" noenhanced
set output "capacity_by_chip.svg"
eval plot_it

set terminal pngcairo size 960,600 font "sans,11" background rgb "white" noenhanced
set output "capacity_by_chip.png"
eval plot_it

set terminal pdfcairo size 6.4in,4in font "sans,11" linewidth 0.5 pointscale 0.5 dashlength 2 background rgb "white" noenhanced
set output "capacity_by_chip.pdf"
eval plot_it
unset output
