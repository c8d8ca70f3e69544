// <image>: PNGs from the resource directory, and every way a name could reach outside it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "chancery/pdf/typesetter.hpp"
#include "image_store.hpp"
#include "pdf_test_support.hpp"

namespace chancery::pdf {
namespace {

namespace fs = std::filesystem;
using testing::runCommand;
using testing::shellQuote;
using testing::TempDir;

std::string imageLayout(const std::string& src, const std::string& size = "width=\"30mm\"") {
  return "<page-layout version=\"1\"><flow>\n<p>Before</p>\n<image src=\"" + src + "\" " + size +
         " align=\"center\"/>\n<p>After</p></flow></page-layout>";
}

class ImageTest : public ::testing::Test {
 protected:
  ImageTest() {
    options_.creationDate = "2026-11-28T09:41:00Z";
    resources_ = dir_.path() / "resources";
    fs::create_directories(resources_ / "seals");
    options_.resourceDir = resources_;
    testing::writeEmblemPng(resources_ / "emblem.png", 120, 80);
    testing::writeEmblemPng(resources_ / "seals" / "seal.png", 64, 64);
  }

  // Expects the render to fail at line 3 (the <image>) with `fragment` in the message.
  void expectRefused(const std::string& xml, const std::string& fragment) {
    try {
      typesetter_.render(xml, options_);
      ADD_FAILURE() << "expected a LayoutError mentioning: " << fragment;
    } catch (const LayoutError& error) {
      EXPECT_EQ(error.line(), 3) << error.what();
      EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
    }
  }

  TempDir dir_;
  fs::path resources_;
  PdfOptions options_;
  Typesetter typesetter_;
};

TEST_F(ImageTest, EmbedsThePngAtItsSize) {
  const fs::path pdf = dir_.path() / "image.pdf";
  testing::writeFile(pdf, typesetter_.render(imageLayout("emblem.png"), options_));
  const std::string list = runCommand("pdfimages -list " + shellQuote(pdf));
  // page num type width height ...: one 120 x 80 image on page 1
  EXPECT_NE(list.find("   1     0 image     120    80"), std::string::npos) << list;
  const std::string text = runCommand("pdftotext -layout " + shellQuote(pdf) + " -");
  EXPECT_LT(text.find("Before"), text.find("After"));
}

TEST_F(ImageTest, SubdirectoriesAndHeightOnlyAreFine) {
  EXPECT_NO_THROW(typesetter_.render(imageLayout("seals/seal.png", "height=\"20mm\""), options_));
}

TEST_F(ImageTest, ReusedImagesGiveIdenticalOutput) {
  const std::string first = typesetter_.render(imageLayout("emblem.png"), options_);
  EXPECT_EQ(typesetter_.render(imageLayout("emblem.png"), options_), first);
}

TEST_F(ImageTest, MissingImageIsAClearError) {
  expectRefused(imageLayout("coat-of-arms.png"), "no such image");
  expectRefused(imageLayout("coat-of-arms.png"), "coat-of-arms.png");
}

TEST_F(ImageTest, PathsEscapingTheResourceDirectoryAreRefused) {
  testing::writeEmblemPng(dir_.path() / "outside.png", 10, 10);
  for (const char* src : {"../outside.png", "/etc/passwd", "seals/../../outside.png",
                          "./emblem.png", "seals//seal.png", "..", "seals\\seal.png"}) {
    SCOPED_TRACE(src);
    expectRefused(imageLayout(src), "relative path inside the resource directory");
  }
}

TEST_F(ImageTest, SymlinkLeadingOutIsRefused) {
  testing::writeEmblemPng(dir_.path() / "outside.png", 10, 10);
  fs::create_symlink(dir_.path() / "outside.png", resources_ / "link.png");
  expectRefused(imageLayout("link.png"), "leads out of the resource directory");
}

TEST_F(ImageTest, NotAPngIsRefused) {
  testing::writeFile(resources_ / "fake.png", "GIF89a this is not a png at all, not at all");
  expectRefused(imageLayout("fake.png"), "not a PNG");
}

TEST_F(ImageTest, HugePixelCountsAreRefusedBeforeDecoding) {
  std::string header("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
  header += std::string("\0\x01\x86\xa0\0\x01\x86\xa0\x08\x06\0\0\0", 13);  // 100000 x 100000
  testing::writeFile(resources_ / "bomb.png", header + std::string(16, '\0'));
  expectRefused(imageLayout("bomb.png"), "100000 x 100000 pixels");
}

TEST_F(ImageTest, TooWideForTheTextIsRefused) {
  expectRefused(imageLayout("emblem.png", "height=\"200mm\""), "wide");
}

TEST_F(ImageTest, NoResourceDirectoryMeansNoImages) {
  options_.resourceDir.clear();
  expectRefused(imageLayout("emblem.png"), "no resource directory");
}

TEST(ImagePath, LexicalCheck) {
  EXPECT_TRUE(isContainedRelativePath("emblem.png"));
  EXPECT_TRUE(isContainedRelativePath("seals/ministry.png"));
  EXPECT_TRUE(isContainedRelativePath("a..b.png"));
  EXPECT_FALSE(isContainedRelativePath(""));
  EXPECT_FALSE(isContainedRelativePath("/abs.png"));
  EXPECT_FALSE(isContainedRelativePath("../x.png"));
  EXPECT_FALSE(isContainedRelativePath("a/../x.png"));
  EXPECT_FALSE(isContainedRelativePath("a/./x.png"));
  EXPECT_FALSE(isContainedRelativePath("a/"));
  EXPECT_FALSE(isContainedRelativePath(std::string("a\0b", 3)));
}

}  // namespace
}  // namespace chancery::pdf
