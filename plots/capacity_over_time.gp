# flopcast chart template: an actor's installed effective compute over time, stacked by chip type.
#
# flopcast fills the @...@ fields and writes this script beside its data file @STEM@.dat
# (period, then one column per chip type: effective EFLOP/s of that type's active chips) and the
# images @STEM@.svg, .png and .pdf. Restyle by editing the written copy and running:  gnuplot @STEM@.gp
title_text  = "@TITLE@"
source_text = "@SOURCE@"
data_file   = "@STEM@.dat"
n_chips     = @CHIPS@

set label 3 title_text at screen 0.5, screen 0.962 center font ",14"
set key at screen 0.5, screen 0.925 center top horizontal maxcols 4 samplen 2.5 box opaque width 1 noenhanced
set tmargin at screen 0.84
set bmargin at screen 0.17
set ylabel "Effective training compute (EFLOP/s)"
set xlabel "Period"
set yrange [0:*]
set grid ytics lc rgb "#c8c8c8"
set xtics rotate by -45 noenhanced
set style data histograms
set style histogram rowstacked
set boxwidth 0.75
# A different fill pattern per chip type keeps the stack readable in greyscale.
set style fill pattern border rgb "black"
set label 1 source_text at screen 0.01, screen 0.015 font ",9" tc rgb "#555555" noenhanced
chip_colour(i) = word("#1b3a5c #b2182b #4d4d4d #2166ac #8c510a #01665e #762a83 #e08214", (i - 2) % 8 + 1)

plot_it = 'plot for [i=2:n_chips+1] data_file using i:xtic(1) title columnheader(i) fs pattern (i - 2) % 8 lc rgb chip_colour(i)'

set terminal svg size 960,600 dynamic font "sans,12" background rgb "white"
set output "@STEM@.svg"
eval plot_it
set terminal pngcairo size 960,600 font "sans,11" background rgb "white"
set output "@STEM@.png"
eval plot_it
set terminal pdfcairo size 9.6in,6in font "sans,9" background rgb "white"
set output "@STEM@.pdf"
eval plot_it
