# flopcast chart template: the same fleet projection under several export regimes.
#
# flopcast compare fills the @...@ fields and writes this script beside @STEM@.dat (period, then
# one column per regime: effective EFLOP/s summed over the actors) and the images
# @STEM@.svg, .png and .pdf. Restyle by editing the written copy and running:  gnuplot @STEM@.gp
title_text  = "@TITLE@"
source_text = "@SOURCE@"
data_file   = "@STEM@.dat"
n_regimes   = @REGIMES@

set label 3 title_text at screen 0.5, screen 0.962 center font ",14" noenhanced
set key at screen 0.5, screen 0.925 center top horizontal maxcols 4 samplen 3 box opaque width 1 noenhanced
set tmargin at screen 0.84
set bmargin at screen 0.17
set rmargin 6  # room for the last rotated period label
set ylabel "Effective training compute (EFLOP/s)"
set xlabel "Period"
set yrange [0:*]
set grid ytics lc rgb "#c8c8c8"
set xtics rotate by -45 noenhanced
set label 1 source_text at screen 0.01, screen 0.015 font ",9" tc rgb "#555555" noenhanced
# dt takes i-1 unparenthesised: "dt (...)" would be read as a dash pattern.
# Distinct dash types and point shapes per regime keep the lines apart in greyscale.
line_colour(i) = word("#1b3a5c #b2182b #4d4d4d #2166ac #8c510a #01665e", (i - 2) % 6 + 1)

plot_it = 'plot for [i=2:n_regimes+1] data_file using 0:i:xtic(1) with linespoints lw 2 dt i-1 pt i+3 ps 1.2 lc rgb (line_colour(i)) title columnheader(i)'

set terminal svg size 960,600 dynamic font "sans,12" background rgb "white"
set output "@STEM@.svg"
eval plot_it
set terminal pngcairo size 960,600 font "sans,11" background rgb "white"
set output "@STEM@.png"
eval plot_it
set terminal pdfcairo size 9.6in,6in font "sans,9" background rgb "white"
set output "@STEM@.pdf"
eval plot_it
