"""Speeches shaped for their occasion: how long one reads, one fitted to a time, one that follows a plan.

Pure stages, no I/O: ``length`` counts what a speaker reads aloud and says how many
minutes that is; ``fit`` chooses how many paragraphs each section takes (and which
of the recipe's openings and closings) so a speech reads in the minutes asked;
``plan`` turns a 工作要点's sections into a speech's, one per plan section.
Each returns a recipe ``assemble`` runs as usual, with notes for the user.
"""
