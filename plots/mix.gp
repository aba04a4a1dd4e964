# flopcast chart template: the cheapest mix (flopcast mix): chips bought per pool, stacked by use
# (serving, required training, left for training), with each pool's supply marked.
#
# flopcast fills the @...@ fields and writes this script beside its data file @STEM@.dat:
# columns pool, serving chips, training chips, chips left, supply. It draws @STEM@.svg, .png, .pdf.
# Restyle by editing the written copy and running:  gnuplot @STEM@.gp
title_text    = "@TITLE@"
subtitle_text = "@SUBTITLE@"
source_text   = "@SOURCE@"
data_file     = "@STEM@.dat"

set label 3 title_text at screen 0.5, screen 0.962 center font ",14"
set label 4 subtitle_text at screen 0.5, screen 0.922 center font ",11"
set label 1 source_text at screen 0.01, screen 0.015 font ",9" tc rgb "#555555"
set key at screen 0.5, screen 0.895 center top horizontal box opaque width 1
set tmargin at screen 0.80
set bmargin at screen 0.15
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border rgb "#333333"
set boxwidth 0.6
set ylabel "chips"
set yrange [0:*]
set offsets 0, 0, graph 0.08, 0   # headroom: a supply marker never sits on the frame
set format y "%.0f"
set grid ytics lc rgb "#d8d8d8"

# A series the mix does not use (no required runs, nothing left) keeps its column, without a key entry.
plot_it = 'plot data_file using 2:xtic(1) title "serving" lc rgb "#08306b", \
  "" using 3 title "@TRAINING_TITLE@" lc rgb "#b2182b", \
  "" using 4 title "@LEFT_TITLE@" lc rgb "#8cc08c", \
  "" using 0:5 with points pt 9 ps 2 lc rgb "#e08214" title "supply (pool count)"'

set terminal svg size 960,600 dynamic font "sans,12" background rgb "white" noenhanced
set output "@STEM@.svg"
eval plot_it

set terminal pngcairo size 960,600 font "sans,11" background rgb "white" noenhanced
set output "@STEM@.png"
eval plot_it

set terminal pdfcairo size 6.4in,4in font "sans,11" linewidth 0.5 pointscale 0.5 dashlength 2 background rgb "white" noenhanced
set output "@STEM@.pdf"
eval plot_it
unset output
