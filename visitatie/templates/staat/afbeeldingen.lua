-- Image sizes in the Staat's DOCX. Pandoc sizes a PNG by its pixels (the charts are drawn at
-- twice their size, for sharpness), so without a size the small trend lines of the key-figure
-- table filled their column. They get the size they have in the PDF (staat.css: 1,1 cm wide);
-- the small chart of an OD profile gets a fixed width too. Pandoc keeps the aspect ratio.

local BREEDTE = {
  {"figuren/trend%-[^/]*$", "1.1cm"},
  {"figuren/profiel%-[^/]*$", "11cm"},
}

function Image(afbeelding)
  for _, regel in ipairs(BREEDTE) do
    if afbeelding.src:match(regel[1]) then
      afbeelding.attributes.width = regel[2]
      return afbeelding
    end
  end
end
